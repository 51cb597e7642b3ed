using System.Net.Sockets;

namespace FactCheck.Testing;

/// <summary>
/// The network between the verification service and the claims service. It forwards every
/// call to the claims host it is connected to; with none (the host stopped, or the link cut
/// until <see cref="Restore"/>) a call fails the way a refused connection does, which gRPC
/// reports as UNAVAILABLE. It can
/// also lose responses after the claims service has acted on the request, and run a hook just
/// before a status update reaches the claims service, to make its etag stale.
/// </summary>
public sealed class CuttableLink : IDisposable
{
    private const string UpdateStatusPath = "/factcheck.v1.ClaimsService/UpdateClaimStatus";
    private readonly Lock _gate = new();
    private readonly List<HttpMessageInvoker> _invokers = [];
    private HttpMessageInvoker? _target;
    private HttpMessageInvoker? _connected;
    private int _responsesToLose;
    private Func<Task>? _beforeNextStatusUpdate;
    private int _statusUpdatesSeen;

    /// <summary>Status updates that reached the link, delivered or not.</summary>
    public int StatusUpdatesSeen => Volatile.Read(ref _statusUpdatesSeen);

    /// <summary>Forwards calls to <paramref name="host"/> from now on (a claims host started anew, say).</summary>
    public void Connect(ClaimsHost host)
    {
        lock (_gate)
        {
            // Earlier invokers may still carry calls in flight; they are disposed with the link.
            _target = _connected = new HttpMessageInvoker(host.Server.CreateHandler());
            _invokers.Add(_target);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _invokers.ForEach(i => i.Dispose());
            _invokers.Clear();
            _target = null;
        }
    }

    /// <summary>Calls fail as refused connections, while the claims host itself may go on running.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _target = null;
        }
    }

    /// <summary>Forwards calls again to the host last connected.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _target = _connected;
        }
    }

    /// <summary>The next <paramref name="count"/> status updates are applied by the claims service but their responses never arrive.</summary>
    public void LoseStatusResponses(int count) => Interlocked.Exchange(ref _responsesToLose, count);

    /// <summary>Runs <paramref name="hook"/> once, right before the next status update is forwarded.</summary>
    public void BeforeNextStatusUpdate(Func<Task> hook) => Interlocked.Exchange(ref _beforeNextStatusUpdate, hook);

    /// <summary>A handler for one HTTP client; the factory may dispose it, the link lives on.</summary>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpMessageInvoker? target;
        lock (_gate)
        {
            target = _target;
        }

        if (target is null)
        {
            // What SocketsHttpHandler throws for a port nobody listens on; gRPC reports it as UNAVAILABLE.
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (claims service stopped)",
                new SocketException((int)SocketError.ConnectionRefused));
        }

        var isStatusUpdate = request.RequestUri?.AbsolutePath == UpdateStatusPath;
        if (isStatusUpdate)
        {
            Interlocked.Increment(ref _statusUpdatesSeen);
            var hook = Interlocked.Exchange(ref _beforeNextStatusUpdate, null);
            if (hook is not null)
            {
                await hook();
            }
        }

        var response = await target.SendAsync(request, ct);
        if (isStatusUpdate && Interlocked.Decrement(ref _responsesToLose) >= 0)
        {
            // Read to the end first, so the claims service has finished and committed the call.
            await response.Content.ReadAsByteArrayAsync(ct);
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Connection reset (response lost on the way back)",
                new IOException("connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
        }

        return response;
    }

    private sealed class Handler(CuttableLink link) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            link.SendAsync(request, cancellationToken);
    }
}
