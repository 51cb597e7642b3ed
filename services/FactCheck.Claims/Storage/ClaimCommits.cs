using System.Collections.Immutable;

namespace FactCheck.Claims.Storage;

/// <summary>
/// Where the claims store hands the events of each committed batch, in sequence order, from its
/// group-commit loop, before the writers are answered. The watch feed is the subscriber: it keeps
/// the newest events for every follower without reading back what was just written. Subscribers
/// run on the writer loop, so they must only take the events and return.
/// </summary>
public sealed class ClaimCommits
{
    private Action<IReadOnlyList<ClaimEvent>>[] _subscribers = [];

    public void Subscribe(Action<IReadOnlyList<ClaimEvent>> subscriber) =>
        ImmutableInterlocked.Update(ref _subscribers, static (all, added) => [.. all, added], subscriber);

    /// <summary>Called by the store once per committed batch that appended events.</summary>
    public void Publish(IReadOnlyList<ClaimEvent> events)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(events);
        }
    }
}
