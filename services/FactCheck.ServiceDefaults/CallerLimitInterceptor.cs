using System.Globalization;
using FactCheck.GrpcEdge;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// The <see cref="CallerLimits"/> of every gRPC method of the host, health and reflection
/// included: a call over its caller's limit is refused with RESOURCE_EXHAUSTED before it runs,
/// with ErrorInfo (reason TOO_MANY_CALLS or TOO_MANY_WATCHERS, the setting and its value as
/// metadata) and a QuotaFailure naming the caller. A call gives its slot back when its handler
/// ends, however it ends: completed, failed, or cancelled by a caller who went away.
/// </summary>
public sealed class CallerLimitInterceptor(CallerSlots slots, ConfiguredKeys keys, ErrorDomain domain) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Take(context, watcher: false);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Take(context, watcher: false);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Take(context, watcher: true);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = Take(context, watcher: true);
        await continuation(requestStream, responseStream, context);
    }

    private CallerSlots.Slot Take(ServerCallContext context, bool watcher)
    {
        var caller = Caller(context);
        return slots.TryTake(caller, watcher, out var slot, out var refused)
            ? slot
            : throw RpcErrors.QuotaExceeded(domain.Name, refused.Reason, caller, refused.Description, new Dictionary<string, string>
            {
                ["setting"] = refused.Setting,
                ["limit"] = refused.Limit.ToString(CultureInfo.InvariantCulture),
            });
    }

    /// <summary>"key newsroom" for a caller with a key; "address 127.0.0.1" on an open service, or for a call that needs no key.</summary>
    private string Caller(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (!keys.IsOpen && http.User.Identity is { IsAuthenticated: true, Name: { } name })
        {
            return $"key {name}";
        }

        // The in-memory test server has no remote address: all its callers are one.
        var remote = http.Connection.RemoteIpAddress;
        return $"address {(remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote)?.ToString() ?? "unknown"}";
    }
}

/// <summary>The calls and watchers each caller has open, counted across the host.</summary>
public sealed class CallerSlots(IOptions<CallerLimits> options)
{
    private readonly CallerLimits _limits = options.Value;
    private readonly Dictionary<string, Counts> _callers = new(StringComparer.Ordinal);

    /// <summary>How many callers hold a slot now (a caller with none is forgotten, so this stays as small as the callers of the moment).</summary>
    public int Callers
    {
        get
        {
            lock (_callers)
            {
                return _callers.Count;
            }
        }
    }

    /// <summary>Takes a call slot for <paramref name="caller"/> (and a watcher slot when <paramref name="watcher"/>), or says which limit is reached.</summary>
    public bool TryTake(string caller, bool watcher, out Slot slot, out Refusal refused)
    {
        lock (_callers)
        {
            if (!_callers.TryGetValue(caller, out var counts))
            {
                counts = new Counts();
            }

            if (counts.Calls >= _limits.MaxConcurrentCallsPerCaller)
            {
                (slot, refused) = (default, Refusal.Calls(_limits.MaxConcurrentCallsPerCaller));
                return false;
            }

            if (watcher && counts.Watchers >= _limits.MaxWatchersPerCaller)
            {
                (slot, refused) = (default, Refusal.Watchers(_limits.MaxWatchersPerCaller));
                return false;
            }

            counts.Calls++;
            counts.Watchers += watcher ? 1 : 0;
            _callers[caller] = counts;
        }

        (slot, refused) = (new Slot(this, caller, watcher), default);
        return true;
    }

    private void Give(string caller, bool watcher)
    {
        lock (_callers)
        {
            var counts = _callers[caller];
            counts.Calls--;
            counts.Watchers -= watcher ? 1 : 0;
            if (counts.Calls == 0)
            {
                _callers.Remove(caller);
            }
            else
            {
                _callers[caller] = counts;
            }
        }
    }

    private struct Counts
    {
        public int Calls;
        public int Watchers;
    }

    /// <summary>One call's slot; disposing gives it back, once.</summary>
    public struct Slot(CallerSlots owner, string caller, bool watcher) : IDisposable
    {
        private CallerSlots? _owner = owner;

        public void Dispose()
        {
            _owner?.Give(caller, watcher);
            _owner = null;
        }
    }

    /// <summary>The limit a refused call reached.</summary>
    public readonly record struct Refusal(string Reason, string Setting, int Limit, string Description)
    {
        public static Refusal Calls(int limit) =>
            Of("TOO_MANY_CALLS", nameof(CallerLimits.MaxConcurrentCallsPerCaller), limit, "calls", "retry when one has ended");

        public static Refusal Watchers(int limit) =>
            Of("TOO_MANY_WATCHERS", nameof(CallerLimits.MaxWatchersPerCaller), limit, "watch streams", "close one before opening another");

        private static Refusal Of(string reason, string name, int limit, string what, string advice)
        {
            var setting = $"{RequestLimitsExtensions.Section}:{name}";
            return new(reason, setting, limit, $"at most {limit} {what} may be open at once per caller ({setting}); {advice}");
        }
    }
}
