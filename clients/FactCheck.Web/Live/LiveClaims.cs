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
/// Readers are bounded by Web:MaxLiveReaders; each holds a queue of at most
/// <see cref="QueuedPerReader"/> events, of which a slow reader loses the oldest (only the latest
/// status matters to a page).
/// </summary>
public sealed class LiveClaims(ClaimsService.ClaimsServiceClient claims, IOptions<WebSettings> settings, IHostApplicationLifetime lifetime, ILogger<LiveClaims> logger)
    : IDisposable
{
    public const int QueuedPerReader = 8;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Channel<Claim>>> _readers = new(StringComparer.Ordinal);
    private int _count;
    private long _position;
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
    /// Subscribes a reader to the changes of claim <paramref name="name"/> after event
    /// <paramref name="afterSequence"/> (the last one its page showed); null when
    /// Web:MaxLiveReaders are subscribed already. Dispose the subscription when the reader leaves.
    /// </summary>
    public Subscription? Subscribe(string name, long afterSequence)
    {
        var channel = Channel.CreateBounded<Claim>(new BoundedChannelOptions(QueuedPerReader)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            if (_count >= settings.Value.MaxLiveReaders)
            {
                return null;
            }

            if (!_readers.TryGetValue(name, out var list))
            {
                _readers[name] = list = [];
            }

            list.Add(channel);
            _count++;
            if (_watch is null)
            {
                // Events before the page's own were shown by it; another reader's page, if older,
                // gets the claim as it stands when it subscribes (see the events endpoint).
                _position = Math.Max(_position, afterSequence);
                _watch = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
                _ = WatchAsync(_watch.Token);
            }
        }

        return new Subscription(this, name, channel);
    }

    private void Unsubscribe(string name, Channel<Claim> channel)
    {
        CancellationTokenSource? stop = null;
        lock (_lock)
        {
            if (_readers.TryGetValue(name, out var list) && list.Remove(channel))
            {
                _count--;
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
                using var call = claims.WatchClaims(new WatchClaimsRequest { AfterSequence = Volatile.Read(ref _position) }, cancellationToken: stop);
                await foreach (var change in call.ResponseStream.ReadAllAsync(stop))
                {
                    Volatile.Write(ref _position, change.Sequence);
                    Publish(change.Claim);
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
            catch (RpcException e)
            {
                logger.LogWarning("The live feed's watch failed ({Status}: {Detail}); resuming after sequence {Sequence} in {Delay}",
                    e.StatusCode, e.Status.Detail, Volatile.Read(ref _position), backoff);
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

    private void Publish(Claim claim)
    {
        lock (_lock)
        {
            if (_readers.TryGetValue(claim.Name, out var list))
            {
                foreach (var reader in list)
                {
                    reader.Writer.TryWrite(claim);
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

    /// <summary>One reader's subscription: the claim as it is after each change, until disposed.</summary>
    public sealed class Subscription(LiveClaims owner, string name, Channel<Claim> channel) : IDisposable
    {
        public ChannelReader<Claim> Changes => channel.Reader;

        public void Dispose() => owner.Unsubscribe(name, channel);
    }
}
