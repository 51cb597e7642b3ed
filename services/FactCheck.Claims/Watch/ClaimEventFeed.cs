using System.Runtime.CompilerServices;
using FactCheck.Claims.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Watch;

/// <summary>
/// One committed event as the feed holds it, with room for the form an edge sends it in (the gRPC
/// message), made by the first follower that asks and shared by all the others.
/// </summary>
public sealed class FeedEvent(ClaimEvent committed)
{
    private object? _sent;

    public ClaimEvent Event { get; } = committed;

    /// <summary>
    /// The event mapped by <paramref name="map"/>, once for every follower: one edge's form is
    /// kept; another edge asking for another type maps its own each time.
    /// </summary>
    public T As<T>(Func<ClaimEvent, T> map)
        where T : class
    {
        if (Volatile.Read(ref _sent) is T kept)
        {
            return kept;
        }

        var mapped = map(Event);
        return Interlocked.CompareExchange(ref _sent, mapped, null) as T ?? mapped;
    }
}

/// <summary>
/// The one way to follow committed claim events: <see cref="FollowAsync"/> gives the events after
/// a cursor, in sequence order, without gaps, then waits for new ones, for as long as the caller
/// keeps reading. WatchClaims follows it; so can anything else in this process that must see every
/// change (an indexer, a webhook dispatcher), resuming from the last sequence it handled.
///
/// The group commit hands each committed batch straight to the feed (<see cref="ClaimCommits"/>),
/// which keeps the newest <see cref="WatchOptions.FeedCapacity"/> events in memory for every
/// follower. The event table stays the source of truth and is read only when memory cannot
/// answer: a follower resuming from before the window reads the table until it catches up; and
/// the feed's own loop reads after its newest event when a batch does not follow on from it (a
/// write through another replica came between), when PostgreSQL's NOTIFY says another replica
/// committed (<see cref="PostgresEventListener"/>), and on a poll while anyone follows.
/// </summary>
public sealed partial class ClaimEventFeed : BackgroundService
{
    private readonly ClaimStore _store;
    private readonly WatchOptions _options;
    private readonly ILogger<ClaimEventFeed> _logger;
    private readonly Lock _gate = new();

    // In sequence order: appended at the end, the oldest cut from the front.
    private readonly List<FeedEvent> _events = [];
    private readonly Wakeup _appended = new();
    private readonly Wakeup _readTable = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _followers;

    // Every event with floor < seq <= last is in _events; meaningful only once _ready.
    private long _floor;
    private long _last;
    private bool _ready;

    public ClaimEventFeed(ClaimStore store, ClaimCommits commits, IOptions<WatchOptions> options, ILogger<ClaimEventFeed> logger)
    {
        (_store, _options, _logger) = (store, options.Value, logger);
        commits.Subscribe(Take);
    }

    /// <summary>
    /// The events after <paramref name="after"/>, in batches of at most
    /// <see cref="WatchOptions.BatchSize"/>, oldest first, for as long as the caller reads and
    /// <paramref name="ct"/> is not cancelled (then the sequence simply ends).
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<FeedEvent>> FollowAsync(long after, [EnumeratorCancellation] CancellationToken ct)
    {
        if (Interlocked.Increment(ref _followers) == 1)
        {
            // The loop waits without a poll while nobody follows: have it read now and poll again.
            _readTable.Notify();
        }

        try
        {
            var cursor = after;
            while (!ct.IsCancellationRequested)
            {
                var wake = _appended.NextAsync();
                List<FeedEvent> batch;
                try
                {
                    batch = TryRead(cursor, _options.BatchSize)
                        ?? (await _store.ReadEventsAsync(cursor, _options.BatchSize, ct)).Select(e => new FeedEvent(e)).ToList();
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    yield break;
                }

                if (batch.Count > 0)
                {
                    cursor = batch[^1].Event.Sequence;
                    yield return batch;
                }

                if (batch.Count < _options.BatchSize)
                {
                    // Woken when the feed takes in events; the poll is a fallback should a wake-up be missed.
                    await WaitAsync(wake, _options.PollInterval, ct);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _followers);
        }
    }

    /// <summary>Completes once the feed has started its window and read whatever was committed before.</summary>
    internal Task CaughtUp => _caughtUp.Task;

    /// <summary>Asks the feed to read the table after its newest event: another replica has committed.</summary>
    public void ReadTable() => _readTable.Notify();

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="after"/>, or null when memory
    /// does not hold them all (read the table instead). Empty when there is nothing newer yet.
    /// </summary>
    private List<FeedEvent>? TryRead(long after, int limit)
    {
        lock (_gate)
        {
            if (!_ready || after < _floor)
            {
                return null;
            }

            if (after >= _last)
            {
                return [];
            }

            // Caught-up followers ask for the last few events: find the first one after the cursor by
            // halving, not by walking the whole window for each follower after each commit.
            var (low, high) = (0, _events.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                (low, high) = _events[middle].Event.Sequence > after ? (low, middle) : (middle + 1, high);
            }

            return _events.GetRange(low, Math.Min(limit, _events.Count - low));
        }
    }

    /// <summary>A committed batch from this process's group commit, on the writer loop: taken when it follows on, else left to the table.</summary>
    private void Take(IReadOnlyList<ClaimEvent> committed)
    {
        bool appended;
        lock (_gate)
        {
            appended = _ready && Append(committed);
            if (_ready && !appended && committed[^1].Sequence > _last)
            {
                // Events between the newest held and this batch were committed elsewhere: read them.
                _readTable.Notify();
            }
        }

        if (appended)
        {
            _appended.Notify();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartWindowAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var wake = _readTable.NextAsync();
                    await CatchUpAsync(stoppingToken);
                    _caughtUp.TrySetResult();
                    var poll = Volatile.Read(ref _followers) > 0 ? _options.PollInterval : Timeout.InfiniteTimeSpan;
                    await WaitAsync(wake, poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The window can no longer be trusted to have every event: followers read the table
                // themselves until the window starts again, which is tried shortly. The database
                // away is logged once per outage where its faults are counted.
                if (!_store.IsDatabaseFault(e))
                {
                    Log.ReadFailed(_logger, e);
                }

                StopWindow();
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Starts the window at the newest committed event; the catch-up that follows reads whatever committed meanwhile.</summary>
    private async Task StartWindowAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _ready))
        {
            return;
        }

        var latest = await _store.LatestSequenceAsync(ct);
        lock (_gate)
        {
            (_floor, _last, _ready) = (latest, latest, true);
            _events.Clear();
        }
    }

    private void StopWindow()
    {
        lock (_gate)
        {
            _ready = false;
            _events.Clear();
        }
    }

    /// <summary>Reads the table after the newest event held until it has nothing newer.</summary>
    private async Task CatchUpAsync(CancellationToken ct)
    {
        while (true)
        {
            long last;
            lock (_gate)
            {
                last = _last;
            }

            var batch = await _store.ReadEventsAsync(last, _options.BatchSize, ct);
            bool appended;
            lock (_gate)
            {
                appended = Append(batch);
            }

            if (appended)
            {
                _appended.Notify();
            }

            if (batch.Count < _options.BatchSize)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Appends the events that follow on from the newest held (those already held are skipped);
    /// false when none does. Call under the gate.
    /// </summary>
    private bool Append(IReadOnlyList<ClaimEvent> events)
    {
        var skip = 0;
        while (skip < events.Count && events[skip].Sequence <= _last)
        {
            skip++;
        }

        if (skip == events.Count || events[skip].Sequence != _last + 1)
        {
            return false;
        }

        for (var i = skip; i < events.Count; i++)
        {
            _events.Add(new FeedEvent(events[i]));
        }

        _last = _events[^1].Event.Sequence;
        var over = _events.Count - _options.FeedCapacity;
        if (over > 0)
        {
            _floor = _events[over - 1].Event.Sequence;
            _events.RemoveRange(0, over);
        }

        return true;
    }

    /// <summary>
    /// Waits for <paramref name="wake"/>, at most <paramref name="poll"/>, without throwing. The
    /// timer is disposed as soon as the wait ends, so no timer outlives a wake-up.
    /// </summary>
    private static async Task WaitAsync(Task wake, TimeSpan poll, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (poll != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(poll);
        }

        await wake.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// A task that completes at the next <see cref="Notify"/>; take it before reading, then read,
    /// then wait, so a notification between the two is never missed. Notifying only completes a
    /// task, so the writer loop never waits for a follower.
    /// </summary>
    private sealed class Wakeup
    {
        private TaskCompletionSource _next = NewSource();

        public Task NextAsync() => Volatile.Read(ref _next).Task;

        public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

        private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The watch feed could not read the event table; its followers read it themselves until the feed can")]
        public static partial void ReadFailed(ILogger logger, Exception error);
    }
}
