using System.Runtime.CompilerServices;
using FactCheck.Claims.Storage;
using FactCheck.Claims.Watch;

namespace FactCheck.Claims.Application;

/// <summary>What a follower asks for: the events after a sequence number, of claims in some statuses (none: any) or with a tag ("": any).</summary>
public sealed record ClaimFollowing(long AfterSequence, IReadOnlySet<ClaimStatus> Statuses, string Tag);

/// <summary>
/// Following claims as they change: the request is checked once, then the events come from the one
/// <see cref="ClaimEventFeed"/>, in sequence order, without gaps, filtered to what was asked for.
/// A follower resuming after a sequence the store does not have is refused rather than left
/// waiting: that happens only when the store was restored from a backup older than what the
/// follower saw, and new events would reuse the numbers it already passed.
/// </summary>
public sealed class ClaimFollower(ClaimEventFeed feed, ClaimStore store, LimitSettings limits)
{
    public const string AfterSequenceField = "afterSequence";

    public Validated<ClaimFollowing> Check(ClaimFollowing following)
    {
        var violations = new List<FieldViolation>();
        if (following.AfterSequence < 0)
        {
            violations.Add(new(AfterSequenceField, "must be 0 (from the beginning) or a sequence number already seen"));
        }

        ClaimValidation.CheckLength(following.Tag, limits.MaxTag, ClaimLister.Fields.Tag, violations);
        return new(following, violations);
    }

    /// <summary>Batches of the matching events (a batch may be empty when none of its events matched), until <paramref name="ct"/> ends the following.</summary>
    public async IAsyncEnumerable<IReadOnlyList<FeedEvent>> FollowAsync(Validated<ClaimFollowing> request, [EnumeratorCancellation] CancellationToken ct)
    {
        var following = request.Valid;
        if (following.AfterSequence > 0 && await store.LatestSequenceAsync(ct) is var newest && following.AfterSequence > newest)
        {
            throw Refusals.SequenceBeyondNewest(AfterSequenceField, following.AfterSequence, newest);
        }

        var filter = new ClaimEventFilter(new HashSet<ClaimEventType>(), following.Statuses, following.Tag.Length == 0 ? null : following.Tag);
        await foreach (var batch in feed.FollowAsync(following.AfterSequence, ct))
        {
            yield return batch.Where(e => filter.Matches(e.Event)).ToList();
        }
    }
}
