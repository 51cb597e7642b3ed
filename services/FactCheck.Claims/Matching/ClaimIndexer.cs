using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FactCheck.Claims.Storage;
using FactCheck.Claims.Watch;
using FactCheck.Domain.Matching;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Matching;

/// <summary>
/// Keeps every claim's sentence embedding, off the write path. At start it loads the stored
/// vectors into the <see cref="VectorIndex"/>; a claim without one, or with one made by another
/// model or from another text, waits to be embedded. Then it follows the committed events (the
/// one <see cref="ClaimEventFeed"/>, which also carries writes made through other replicas): a new
/// or re-worded claim waits to be embedded, a status change only updates what matches are
/// filtered on. The waiting claims are embedded in small batches by the model session (limited to
/// <see cref="MatchingOptions.IndexThreads"/> cores), stored with the model's id and a hash of the
/// text, then searchable. A failure (the database away, say) is logged and the batch tried again;
/// nothing waiting is dropped.
/// </summary>
public sealed partial class ClaimIndexer : BackgroundService
{
    private readonly ClaimStore _store;
    private readonly ClaimEventFeed _feed;
    private readonly SemanticMatching _semantic;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly MatchingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ClaimIndexer> _logger;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Claim> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, Claim> _inFlight = new(StringComparer.Ordinal);
    private TaskCompletionSource _work = NewSignal();
    private volatile bool _loaded;
    private long _seenSequence;
    private long _committedSequence;

    public ClaimIndexer(ClaimStore store, ClaimEventFeed feed, ClaimCommits commits, SemanticMatching semantic, IOptions<MatchingOptions> options,
        IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<ClaimIndexer> logger)
    {
        _lifetime = lifetime;
        _store = store;
        _feed = feed;
        _semantic = semantic;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        // This replica's own commits, as soon as they commit: until the feed has brought them here they count as waiting.
        commits.Subscribe(events => InterlockedMax(ref _committedSequence, events[^1].Sequence));
    }

    /// <summary>A hash of what a claim's vectors are made from, its text and its titles: vectors made from other words are made again.</summary>
    public static long TextHash(Claim claim) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(claim.Content.Text + "\n" + MatchText.Titles(claim.Content))));

    /// <summary>
    /// How many claims wait to be embedded: exact once the start-up load is done and the feed has
    /// brought every event this replica committed; until then an upper bound (never 0 while
    /// anything may be missing).
    /// </summary>
    public async Task<long> UnindexedAsync(CancellationToken ct)
    {
        if (!_loaded)
        {
            return Math.Max(1, await _store.CountAsync(ct) - _semantic.Texts.Count);
        }

        lock (_lock)
        {
            var unseen = Math.Max(0, Interlocked.Read(ref _committedSequence) - Interlocked.Read(ref _seenSequence));
            return _waiting.Count + _inFlight.Count + unseen;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing before the service has started: a refused start (a port in use, say) must not
        // leave the model loading in native code while the process exits.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        // The model loads here, off the start-up path, rather than on the first query.
        await Task.Run(_semantic.Warm, stoppingToken);
        long from;
        while (true)
        {
            try
            {
                from = await LoadAsync(stoppingToken);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database away is logged once per outage where its faults are counted.
                if (!_store.IsDatabaseFault(e))
                {
                    LogLoadFailed(_logger, e);
                }

                await Task.Delay(RetryDelay, _clock, stoppingToken);
            }
        }

        Interlocked.Exchange(ref _seenSequence, from);
        _loaded = true;
        await Task.WhenAll(FollowAsync(stoppingToken), EmbedAsync(stoppingToken));
    }

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Loads the stored vectors; returns the sequence number the feed is followed from.</summary>
    private async Task<long> LoadAsync(CancellationToken ct)
    {
        // The sequence first: whatever commits during the load is seen again through the feed.
        var from = await _store.LatestSequenceAsync(ct);
        var started = _clock.GetTimestamp();
        long loaded = 0;
        await foreach (var (claim, stored) in _store.ReadAllWithVectorsAsync(ct))
        {
            if (stored is { Model: SentenceEmbedder.ModelId } && stored.TextHash == TextHash(claim))
            {
                Put(claim, stored);
                loaded++;
            }
            else
            {
                Note(claim);
            }
        }

        int waiting;
        lock (_lock)
        {
            waiting = _waiting.Count;
        }

        var milliseconds = (long)_clock.GetElapsedTime(started).TotalMilliseconds;
        LogLoaded(_logger, loaded, waiting, milliseconds);
        return from;
    }

    /// <summary>Notes every committed event after the one the load started from; after a failure (the table unreadable, say) it resumes from the last one noted.</summary>
    private async Task FollowAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var batch in _feed.FollowAsync(Interlocked.Read(ref _seenSequence), ct))
                {
                    foreach (var e in batch)
                    {
                        Note(e.Event.Claim);
                        InterlockedMax(ref _seenSequence, e.Event.Sequence);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!_store.IsDatabaseFault(e))
                {
                    LogFollowFailed(_logger, Interlocked.Read(ref _seenSequence), e);
                }

                await Task.Delay(RetryDelay, _clock, ct);
            }
        }
    }

    /// <summary>A claim as it now stands: updates its filters, or sets it waiting when its text has no vector yet.</summary>
    private void Note(Claim claim)
    {
        var hash = TextHash(claim);
        lock (_lock)
        {
            if (_inFlight.TryGetValue(claim.Id, out var embedding) && TextHash(embedding) == hash)
            {
                _inFlight[claim.Id] = claim;
                return;
            }

            if (!_waiting.ContainsKey(claim.Id))
            {
                if (_semantic.Texts.TextHashOf(claim.Id) == hash)
                {
                    var facets = MatchFacets.Of(claim);
                    _semantic.Texts.UpdateFacets(claim.Id, facets);
                    _semantic.Titles.UpdateFacets(claim.Id, facets);
                    return;
                }

                _order.Enqueue(claim.Id);
            }

            _waiting[claim.Id] = claim;
            _work.TrySetResult();
        }
    }

    private async Task EmbedAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Task signal;
            var batch = new List<Claim>();
            lock (_lock)
            {
                while (batch.Count < _options.IndexBatchSize && _order.TryDequeue(out var id))
                {
                    if (_waiting.Remove(id, out var claim))
                    {
                        batch.Add(claim);
                        _inFlight[id] = claim;
                    }
                }

                if (batch.Count == 0)
                {
                    _work = NewSignal();
                }

                signal = _work.Task;
            }

            if (batch.Count == 0)
            {
                await signal.WaitAsync(ct);
                continue;
            }

            try
            {
                await EmbedBatchAsync(batch, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!_store.IsDatabaseFault(e))
                {
                    LogEmbedFailed(_logger, batch.Count, e);
                }

                Requeue(batch);
                await Task.Delay(RetryDelay, _clock, ct);
            }
        }
    }

    private async Task EmbedBatchAsync(List<Claim> batch, CancellationToken ct)
    {
        // One model call for the batch: each claim's text, then the titles of those that have any.
        var titles = batch.Select(c => MatchText.Titles(c.Content)).ToList();
        var texts = batch.Select(c => c.Content.Text).Concat(titles.Where(t => t.Length > 0)).ToArray();
        // The model runs on a thread of its own: it holds its cores for the whole batch.
        var vectors = await Task.Run(() => _semantic.Embed(texts, ct), ct);
        var nextTitle = batch.Count;
        var stored = batch.Select((claim, i) => (claim.Id,
            new StoredVector(SentenceEmbedder.ModelId, TextHash(claim), vectors[i], titles[i].Length > 0 ? vectors[nextTitle++] : null))).ToList();
        await _store.SaveVectorsAsync(stored, ct);
        lock (_lock)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _inFlight.Remove(batch[i].Id, out var latest);
                Put(latest ?? batch[i], stored[i].Item2);
            }
        }
    }

    /// <summary>Makes the claim's vectors searchable, filtered by what <paramref name="claim"/> says (its latest known state).</summary>
    private void Put(Claim claim, StoredVector vector)
    {
        var facets = MatchFacets.Of(claim);
        _semantic.Texts.Put(claim.Id, vector.TextHash, vector.Vector, facets);
        if (vector.TitleVector is { } titles)
        {
            _semantic.Titles.Put(claim.Id, vector.TextHash, titles, facets);
        }
        else
        {
            _semantic.Titles.Remove(claim.Id);
        }
    }

    private void Requeue(List<Claim> batch)
    {
        lock (_lock)
        {
            foreach (var claim in batch)
            {
                _inFlight.Remove(claim.Id, out var latest);
                if (!_waiting.ContainsKey(claim.Id))
                {
                    _waiting[claim.Id] = latest ?? claim;
                    _order.Enqueue(claim.Id);
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Matching index loaded: {Loaded} claims with a stored vector, {Waiting} to embed, in {Milliseconds} ms")]
    private static partial void LogLoaded(ILogger logger, long loaded, int waiting, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the matching index failed; trying again")]
    private static partial void LogLoadFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following committed claim events failed after event {Sequence}; following again from there")]
    private static partial void LogFollowFailed(ILogger logger, long sequence, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding {Count} claims failed; they wait and are tried again")]
    private static partial void LogEmbedFailed(ILogger logger, int count, Exception error);
}
