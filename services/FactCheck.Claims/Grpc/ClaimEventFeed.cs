using FactCheck.Claims.Storage;
using FactCheck.Domain;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Grpc;

/// <summary>One committed event with its message, mapped once for every watcher that sends it.</summary>
public sealed record FeedEvent(ClaimEvent Event, Api.ClaimEvent Message)
{
    public static FeedEvent Of(ClaimEvent e) => new(e, ClaimMapper.ToProto(e));
}

/// <summary>
/// The newest committed events, read once from the event table for all watchers of this process.
/// Without it every watcher read the table and parsed every event's JSON after every commit: with
/// 100 watchers the watch scenario spent the writers' CPU on 100 copies of the same read.
///
/// The table stays the source of truth: a single loop reads it after each commit signal (and on a
/// poll, for writers in other processes), in sequence order, without gaps, and keeps the last
/// <see cref="WatchOptions.FeedCapacity"/> events. A watcher whose cursor falls inside that window
/// reads here; one further back (a resume from an old sequence) reads the table itself, as before,
/// until it catches up. The loop runs only while someone watches, so a service nobody watches
/// does no extra read per commit.
/// </summary>
public sealed partial class ClaimEventFeed(IClaimStore store, ClaimEventSignal commits, WatchOptions options, ILogger<ClaimEventFeed> logger)
    : BackgroundService
{
    private readonly Lock _gate = new();
    // In sequence order: appended at the end, the oldest cut from the front.
    private readonly List<FeedEvent> _events = [];
    private readonly ClaimEventSignal _appended = new();
    private TaskCompletionSource _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _watchers;

    // Every event with floor < seq <= last is in _events; meaningful only while _reading.
    private long _floor;
    private long _last;
    private bool _reading;

    /// <summary>Counts a watcher in until disposed; the feed reads the table only while it has one.</summary>
    public IDisposable Subscribe()
    {
        if (Interlocked.Increment(ref _watchers) == 1)
        {
            lock (_gate)
            {
                _watched.TrySetResult();
            }
        }

        return new Subscription(this);
    }

    /// <summary>A task that completes when the feed next takes in events. Take it before <see cref="TryRead"/>.</summary>
    public Task NextAsync() => _appended.NextAsync();

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="after"/>, oldest first, or null
    /// when the feed does not hold them all (read the table instead). Empty when there is nothing
    /// newer yet.
    /// </summary>
    public IReadOnlyList<FeedEvent>? TryRead(long after, int limit)
    {
        lock (_gate)
        {
            if (!_reading || after < _floor)
            {
                return null;
            }

            if (after >= _last)
            {
                return [];
            }

            // Caught-up watchers ask for the last few events: find the first one after the cursor by
            // halving, not by walking the whole window for each watcher after each commit.
            var (low, high) = (0, _events.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                (low, high) = _events[middle].Event.Sequence > after ? (low, middle) : (middle + 1, high);
            }

            var result = _events.GetRange(low, Math.Min(limit, _events.Count - low));
            return result;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadWhileWatchedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The watchers fall back to reading the table themselves meanwhile; try again shortly.
                Log.ReadFailed(logger, e);
                Stop();
                await Task.Delay(options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task ReadWhileWatchedAsync(CancellationToken ct)
    {
        await WatchedAsync(ct);
        var latest = await store.LatestSequenceAsync(ct);
        lock (_gate)
        {
            (_floor, _last, _reading) = (latest, latest, true);
            _events.Clear();
        }

        while (Volatile.Read(ref _watchers) > 0)
        {
            var wake = commits.NextAsync();
            var batch = await store.ReadEventsAsync(_last, options.BatchSize, ct);
            if (batch.Count > 0)
            {
                Append(batch);
                _appended.Notify();
                if (batch.Count == options.BatchSize)
                {
                    continue;
                }
            }

            await WaitAsync(wake, options.PollInterval, ct);
        }

        Stop();
    }

    /// <summary>
    /// Waits for <paramref name="wake"/>, at most <paramref name="poll"/>, without throwing. The
    /// timer is disposed as soon as the wait ends: a Task.Delay left behind on every wake-up kept
    /// a timer alive per watcher per commit for a whole poll interval.
    /// </summary>
    public static async Task WaitAsync(Task wake, TimeSpan poll, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(poll);
        await wake.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Append(IReadOnlyList<ClaimEvent> batch)
    {
        var mapped = batch.Select(FeedEvent.Of).ToList();
        lock (_gate)
        {
            _events.AddRange(mapped);
            _last = _events[^1].Event.Sequence;
            var over = _events.Count - options.FeedCapacity;
            if (over > 0)
            {
                _floor = _events[over - 1].Event.Sequence;
                _events.RemoveRange(0, over);
            }
        }
    }

    /// <summary>Forgets the window: the next watcher starts it again from the newest event.</summary>
    private void Stop()
    {
        lock (_gate)
        {
            _reading = false;
            _events.Clear();
        }
    }

    private Task WatchedAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _watchers) > 0)
            {
                return Task.CompletedTask;
            }

            if (_watched.Task.IsCompleted)
            {
                _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _watched.Task.WaitAsync(ct);
        }
    }

    private sealed class Subscription(ClaimEventFeed feed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref feed._watchers);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The watch feed could not read the event table; watchers read it themselves until it can")]
        public static partial void ReadFailed(ILogger logger, Exception error);
    }
}
