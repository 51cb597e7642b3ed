using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactCheck.Claims.Storage;

/// <summary>
/// Where the claims store hands the events of each committed batch, in sequence order, from its
/// group-commit loop, before the writers are answered. The watch feed is the subscriber: it keeps
/// the newest events for every follower without reading back what was just written. Subscribers
/// run on the writer loop, so they must only take the events and return. A subscriber that throws
/// is logged and the others still get the batch: the batch is committed, so neither the writers
/// nor later writes may be held up by it (the feed finds the gap it leaves and reads the table).
/// </summary>
public sealed partial class ClaimCommits(ILogger<ClaimCommits>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<ClaimCommits>.Instance;
    private Action<IReadOnlyList<ClaimEvent>>[] _subscribers = [];

    public void Subscribe(Action<IReadOnlyList<ClaimEvent>> subscriber) =>
        ImmutableInterlocked.Update(ref _subscribers, static (all, added) => [.. all, added], subscriber);

    /// <summary>Called by the store once per committed batch that appended events.</summary>
    public void Publish(IReadOnlyList<ClaimEvent> events)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(events);
            }
            catch (Exception e)
            {
                LogSubscriberFailed(_logger, events[0].Sequence, events[^1].Sequence, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber to committed claim events failed on events {First} to {Last}; they are committed, and the event table has them")]
    private static partial void LogSubscriberFailed(ILogger logger, long first, long last, Exception error);
}
