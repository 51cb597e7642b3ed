using System.Diagnostics;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// Puts the current trace context (W3C <c>traceparent</c>, <c>tracestate</c>) on every call to
/// the claims service, so its UpdateClaimStatus span joins the verdict's trace. SocketsHttpHandler
/// does this itself (from the HTTP span it starts, the better parent), so this handler steps aside
/// when the call ends in one that propagates; any other primary handler (an in-memory one, a
/// custom transport) sends no context, and the claims service would start a trace of its own.
/// </summary>
public sealed class TraceContextHandler : DelegatingHandler
{
    private const string TraceParentHeader = "traceparent";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Activity.Current is { } current && !request.Headers.Contains(TraceParentHeader) && !PrimaryHandlerPropagates())
        {
            DistributedContextPropagator.Current.Inject(current, request,
                static (carrier, name, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// True when the handler at the end of the chain injects the context itself: SocketsHttpHandler
    /// with a propagator, or HttpClientHandler (a SocketsHttpHandler inside). Either also honours
    /// the runtime's switch that turns propagation off (System.Net.Http.EnableActivityPropagation).
    /// </summary>
    private bool PrimaryHandlerPropagates()
    {
        var handler = InnerHandler;
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }

        return handler is SocketsHttpHandler { ActivityHeadersPropagator: not null } or HttpClientHandler;
    }
}
