using System.Diagnostics;
using FactCheck.Verification.ClaimsClient;

namespace FactCheck.Verification.Tests.ClaimsClient;

/// <summary>
/// The claims client's own trace propagation, for calls whose transport sends none. In the hosts,
/// OpenTelemetry's gRPC client instrumentation already puts its span's context on the request
/// (TracingTests); this handler keeps the trace joined without it, on any primary handler.
/// </summary>
public sealed class TraceContextHandlerTests : IDisposable
{
    private readonly ActivitySource _source = new("FactCheck.Verification.Tests." + nameof(TraceContextHandlerTests));
    private readonly ActivityListener _listener;

    public TraceContextHandlerTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s == _source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    [Fact]
    public async Task A_call_made_within_a_span_carries_its_context()
    {
        using var span = _source.StartActivity("delivery")!;

        var sent = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://claims.test/x"));

        Assert.Equal([span.Id!], sent.Headers.GetValues("traceparent"));
    }

    [Fact]
    public async Task A_context_already_on_the_call_is_kept()
    {
        using var span = _source.StartActivity("delivery")!;
        var request = new HttpRequestMessage(HttpMethod.Post, "http://claims.test/x");
        const string Earlier = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        request.Headers.Add("traceparent", Earlier);

        var sent = await SendAsync(request);

        Assert.Equal([Earlier], sent.Headers.GetValues("traceparent"));
    }

    [Fact]
    public async Task Outside_any_span_nothing_is_added()
    {
        Assert.Null(Activity.Current);

        var sent = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://claims.test/x"));

        Assert.False(sent.Headers.Contains("traceparent"));
    }

    private static async Task<HttpRequestMessage> SendAsync(HttpRequestMessage request)
    {
        var transport = new Recording();
        using var invoker = new HttpMessageInvoker(new TraceContextHandler { InnerHandler = transport });
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        return transport.Sent!;
    }

    /// <summary>A transport that propagates nothing itself and answers every request with 200.</summary>
    private sealed class Recording : HttpMessageHandler
    {
        public HttpRequestMessage? Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
