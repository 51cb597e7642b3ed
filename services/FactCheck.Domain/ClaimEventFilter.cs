namespace FactCheck.Domain;

/// <summary>
/// Which claim events a follower wants: a watcher (WatchClaims) or a webhook. Each part narrows
/// the one before: the kinds of event (empty: every kind), then the statuses (empty: any), then a
/// tag (null: any).
/// A status filter reads the claim's status after the event, so <c>statuses: confirmed</c>
/// means "tell me when a claim is confirmed" (and about a claim created as confirmed, or edited
/// while confirmed, when those kinds are asked for too). A tag filter reads the claim's tags
/// after the event, compared as the store compares tags (case-folded).
/// </summary>
public sealed record ClaimEventFilter(IReadOnlySet<ClaimEventType> Events, IReadOnlySet<ClaimStatus> Statuses, string? Tag)
{
    public static ClaimEventFilter Everything { get; } = new(new HashSet<ClaimEventType>(), new HashSet<ClaimStatus>(), null);

    public bool Matches(ClaimEvent change) =>
        (Events.Count == 0 || Events.Contains(change.Type)) &&
        (Statuses.Count == 0 || Statuses.Contains(change.Claim.Status)) &&
        (Tag is null || change.Claim.Content.Tags.Any(t => string.Equals(t, Tag, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Two filters are equal when they select the same events: the same sets and tag.</summary>
    public bool Equals(ClaimEventFilter? other) =>
        other is not null && Events.SetEquals(other.Events) && Statuses.SetEquals(other.Statuses) &&
        string.Equals(Tag, other.Tag, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() =>
        HashCode.Combine(Events.Aggregate(0, (h, e) => h ^ (int)e), Statuses.Aggregate(0, (h, s) => h ^ (int)s), Tag?.ToUpperInvariant());
}
