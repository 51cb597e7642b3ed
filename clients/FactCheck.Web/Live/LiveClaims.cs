using System.Threading.Channels;
using FactCheck.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace FactCheck.Web.Live;

/// <summary>
/// The one WatchClaims stream behind every open claim page. However many readers have pages
/// open, the web holds at most one watch on the claims service (a service allows a caller only a
/// few watches, Limits:MaxWatchersPerCaller, and each holds a stream there), and hands each
/// event to the readers of that claim. The watch runs while at least one reader is subscribed,
/// resumes from the last sequence it saw after a failure, and stops when the last reader leaves.
/// It starts from a sequence the service gave (the last event of a reader's claim, see
/// <see cref="Subscription.Start"/>), never from a number a reader's request carries: the watch
/// is shared, and one reader's number would decide what every other reader sees.
/// Readers are bounded by Web:MaxLiveReaders, and by Web:MaxLiveReadersPerClient from one remote
/// address; each holds a queue of at most <see cref="QueuedPerReader"/> events, of which a slow
/// reader loses the oldest (only the latest status matters to a page).
/// </summary>
public sealed partial class LiveClaims(ClaimsService.ClaimsServiceClient claims, IOptions<WebSettings> settings, IHostApplicationLifetime lifetime, ILogger<LiveClaims> logger)
    : IDisposable
{
    public const int QueuedPerReader = 8;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Channel<ClaimEvent>>> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _count;
    private long _position;
    private long _startedAt;
    private int _generation;
    private CancellationTokenSource? _watch;

    /// <summary>Readers subscribed now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Subscribes a reader from <paramref name="client"/> (its remote address) to the changes of
    /// claim <paramref name="name"/>; null when Web:MaxLiveReaders are subscribed already, or
    /// Web:MaxLiveReadersPerClient from that address. Changes reach the subscription from now on;
    /// call <see cref="Subscription.Start"/> once the claim has been read. Dispose the
    /// subscription when the reader leaves.
    /// </summary>
    public Subscription? Subscribe(string name, string client)
    {
        var channel = Channel.CreateBounded<ClaimEvent>(new BoundedChannelOptions(QueuedPerReader)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            _perClient.TryGetValue(client, out var fromClient);
            if (_count >= settings.Value.MaxLiveReaders || fromClient >= settings.Value.MaxLiveReadersPerClient)
            {
                return null;
            }

            if (!_readers.TryGetValue(name, out var list))
            {
                _readers[name] = list = [];
            }

            list.Add(channel);
            _perClient[client] = fromClient + 1;
            _count++;
            return new Subscription(this, name, client, channel, _watch is null ? -1 : _generation);
        }
    }

    /// <summary>
    /// Makes sure the watch delivers every change after <paramref name="sequence"/>, the last
    /// event of the claim as the subscriber read it after subscribing. A watch that ran when the
    /// subscriber subscribed delivers them already; one started since, by another reader, may have
    /// started past them, and starts again from here (readers drop what they have seen).
    /// </summary>
    private void Start(int subscribedDuring, long sequence)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return;
            }

            if (_watch is not null && (subscribedDuring == _generation || _startedAt <= sequence))
            {
                return;
            }

            _watch?.Cancel();
            _watch?.Dispose();
            _position = _startedAt = sequence;
            _generation++;
            _watch = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
            _ = WatchAsync(_watch.Token);
        }
    }

    private void Unsubscribe(string name, string client, Channel<ClaimEvent> channel)
    {
        CancellationTokenSource? stop = null;
        lock (_lock)
        {
            if (_readers.TryGetValue(name, out var list) && list.Remove(channel))
            {
                _count--;
                if (--_perClient[client] == 0)
                {
                    _perClient.Remove(client);
                }

                if (list.Count == 0)
                {
                    _readers.Remove(name);
                }
            }

            if (_count == 0 && _watch is not null)
            {
                stop = _watch;
                _watch = null;
            }
        }

        channel.Writer.TryComplete();
        if (stop is not null)
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var call = claims.WatchClaims(new WatchClaimsRequest { AfterSequence = Position() }, cancellationToken: stop);
                await foreach (var change in call.ResponseStream.ReadAllAsync(stop))
                {
                    Publish(change, stop);
                    backoff = TimeSpan.FromMilliseconds(250);
                }

                // The service ended the stream cleanly (it is shutting down): resume at once, elsewhere or later.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.OutOfRange && NewestSequence(e) is { } newest)
            {
                // The claims service was restored from a backup older than what this watch saw:
                // resuming where it was would wait for numbers its new events reuse, and skip them.
                RestartAfterRestore(newest, stop);
                continue;
            }
            catch (RpcException e)
            {
                logger.LogWarning("The live feed's watch failed ({Status}: {Detail}); resuming after sequence {Sequence} in {Delay}",
                    e.StatusCode, e.Status.Detail, Position(), backoff);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Anything else would end the watch unseen, with no reader getting a change again: say so, and go on.
                WatchFaulted(e, Position(), backoff);
            }

            try
            {
                await Task.Delay(backoff, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <summary>The newest sequence a WatchClaims refusal with OUT_OF_RANGE names (ErrorInfo metadata "newest_sequence"), or null.</summary>
    private static long? NewestSequence(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Metadata.TryGetValue("newest_sequence", out var newest) == true
        && long.TryParse(newest, System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : null;

    /// <summary>
    /// Resumes the watch after <paramref name="newest"/>, the service's newest event now, and ends
    /// every reader's stream: each page has shown sequence numbers the restored service will give
    /// to other changes, so its browser reconnects and reads its claim as it now stands.
    /// </summary>
    private void RestartAfterRestore(long newest, CancellationToken watch)
    {
        lock (_lock)
        {
            if (watch.IsCancellationRequested)
            {
                return;
            }

            LogRestored(_position, newest);
            _position = _startedAt = newest;
            foreach (var reader in _readers.Values.SelectMany(list => list))
            {
                reader.Writer.TryComplete();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The claims service has no event after sequence {Newest}, though this feed saw up to {Seen}: it was probably restored from a backup. The live feed resumes after {Newest}; open pages reconnect")]
    private partial void LogRestored(long seen, long newest);

    [LoggerMessage(Level = LogLevel.Error, Message = "The live feed's watch failed; resuming after sequence {Sequence} in {Delay}")]
    private partial void WatchFaulted(Exception error, long sequence, TimeSpan delay);

    private long Position()
    {
        lock (_lock)
        {
            return _position;
        }
    }

    /// <summary>Hands a change to its claim's readers, unless this watch has been replaced (<paramref name="watch"/> cancelled).</summary>
    private void Publish(ClaimEvent change, CancellationToken watch)
    {
        lock (_lock)
        {
            if (watch.IsCancellationRequested)
            {
                return;
            }

            _position = change.Sequence;
            if (_readers.TryGetValue(change.Claim.Name, out var list))
            {
                foreach (var reader in list)
                {
                    reader.Writer.TryWrite(change);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _watch?.Cancel();
            _watch?.Dispose();
            _watch = null;
        }
    }

    /// <summary>
    /// One reader's subscription: each change of its claim (the event, with the claim as it is
    /// after it), until disposed. A change may come more than once or be one the reader has seen;
    /// the reader drops those at or below the last sequence it showed.
    /// </summary>
    public sealed class Subscription(LiveClaims owner, string name, string client, Channel<ClaimEvent> channel, int subscribedDuring) : IDisposable
    {
        public ChannelReader<ClaimEvent> Changes => channel.Reader;

        /// <summary>Tells the feed the last event of the claim as read since subscribing (<see cref="ClaimEvent.Sequence"/>, from the service).</summary>
        public void Start(long sequence) => owner.Start(subscribedDuring, sequence);

        public void Dispose() => owner.Unsubscribe(name, client, channel);
    }
}
