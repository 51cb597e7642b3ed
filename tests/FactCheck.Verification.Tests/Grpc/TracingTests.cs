using System.Diagnostics;
using System.Reflection;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>
/// A verdict's delivery is one trace across both services: RecordVerdict's server span, the
/// delivery span, the claims client's call and the claims service's UpdateClaimStatus, each the
/// parent of the next, whether the delivery happens at once or later from the outbox. Spans are
/// caught by an in-memory exporter on the verification host; both hosts run in this process, so
/// it also receives the claims host's server spans (a listener hears every host's sources).
/// </summary>
public class TracingTests
{
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string RecordVerdictPath = "/factcheck.v1.VerificationService/RecordVerdict";
    private const string UpdateStatusPath = "/factcheck.v1.ClaimsService/UpdateClaimStatus";
    private const string UpdateStatusMethod = "factcheck.v1.ClaimsService/UpdateClaimStatus";

    [Fact]
    public async Task A_verdict_applied_at_once_is_one_trace_from_RecordVerdict_to_UpdateClaimStatus()
    {
        var spans = new SpanCollection();
        await using var pair = new ServicePair(verificationServices: Export(spans));
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());

        var washington = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));

        Assert.Equal(DeliveryState.Applied, washington.DeliveryState);
        await AssertOneTraceAsync(spans, agreement.Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_verdict_queued_while_the_claims_service_is_stopped_is_delivered_later_in_the_same_trace(bool restartVerification)
    {
        var spans = new SpanCollection();
        await using var pair = new ServicePair(verificationServices: Export(spans));
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        await pair.StopClaimsAsync();

        var washington = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));
        Assert.Equal(DeliveryState.Queued, washington.DeliveryState);
        if (restartVerification)
        {
            // The row, with the trace context it was queued under, is all the next instance has.
            await pair.RestartVerificationAsync();
            _ = pair.Verification.Services;
        }

        pair.StartClaims();

        await AssertOneTraceAsync(spans, agreement.Name);
    }

    [SkippableFact]
    public async Task Without_an_OTLP_endpoint_neither_host_exports_anywhere()
    {
        Skip.If(Environment.GetEnvironmentVariable(OtlpEndpoint) is { Length: > 0 }, $"{OtlpEndpoint} is set in this test run's environment");
        var spans = new SpanCollection();
        await using var pair = new ServicePair(verificationServices: Export(spans));

        // The in-memory exporter the test added is found, so the walk would find an OTLP one too.
        Assert.Equal(["InMemoryExporter`1"], ExporterNames(pair.Verification.Services));
        Assert.Empty(ExporterNames(pair.Claims.Services));
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_both_hosts_export_over_OTLP()
    {
        // Nobody listens there; export failures are the exporter's to log, and nothing here waits for them.
        var settings = new Dictionary<string, string?> { [OtlpEndpoint] = "http://127.0.0.1:9" };
        await using var pair = new ServicePair(settings: settings);
        using var folder = new TempFolder();
        await using var claims = new ClaimsHost(folder, settings: settings);

        Assert.Contains("OtlpTraceExporter", ExporterNames(pair.Verification.Services));
        Assert.Contains("OtlpTraceExporter", ExporterNames(claims.Services));
    }

    private static Action<IServiceCollection> Export(SpanCollection spans) =>
        services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));

    /// <summary>
    /// Waits for the applied delivery of the verdict on <paramref name="claim"/> and checks its
    /// trace: RecordVerdict (verification server) → delivery → UpdateClaimStatus (claims client)
    /// → UpdateClaimStatus (claims server), one trace id, each span the parent of the next.
    /// </summary>
    private static async Task AssertOneTraceAsync(SpanCollection spans, string claim)
    {
        var all = await Eventually.Until(
            () => Task.FromResult(spans.Snapshot()),
            s => Applied(s, claim) is { } delivery && s.Any(a => IsServer(a, UpdateStatusPath) && a.TraceId == delivery.TraceId),
            $"the delivery on {claim} and the claims service's UpdateClaimStatus to be traced",
            describe: Describe);

        var deliverySpan = Applied(all, claim)!;
        var trace = all.Where(a => a.TraceId == deliverySpan.TraceId).ToList();
        var record = Assert.Single(trace, a => IsServer(a, RecordVerdictPath));
        Assert.Equal(record.SpanId, deliverySpan.ParentSpanId);
        var call = Assert.Single(trace, a => a.Kind == ActivityKind.Client && a.DisplayName == UpdateStatusMethod && a.ParentSpanId == deliverySpan.SpanId);
        var served = Assert.Single(trace, a => IsServer(a, UpdateStatusPath));
        Assert.Equal(call.SpanId, served.ParentSpanId);
    }

    private static Activity? Applied(IReadOnlyList<Activity> spans, string claim) =>
        spans.FirstOrDefault(a => a.Source.Name == DeliveryTelemetry.SourceName
            && (string?)a.GetTagItem("factcheck.claim") == claim
            && (string?)a.GetTagItem("factcheck.delivery.state") == "applied");

    private static bool IsServer(Activity span, string path) =>
        span.Kind == ActivityKind.Server && (string?)span.GetTagItem("url.path") == path;

    private static string Describe(IReadOnlyList<Activity> spans) =>
        string.Join("; ", spans.Select(a => $"{a.Source.Name} {a.Kind} '{a.DisplayName}' {a.TraceId}/{a.SpanId}<-{a.ParentSpanId}"));

    /// <summary>
    /// The type names of the exporters behind the host's tracer provider. OpenTelemetry keeps its
    /// processors and their exporters internal, so this walks the provider's object graph within
    /// OpenTelemetry's own types; the tests above check that the walk finds what is there.
    /// </summary>
    private static List<string> ExporterNames(IServiceProvider services)
    {
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>([services.GetRequiredService<TracerProvider>()]);
        while (pending.TryPop(out var item))
        {
            if (!seen.Add(item))
            {
                continue;
            }

            if (item is BaseExporter<Activity>)
            {
                found.Add(item.GetType().Name);
            }

            for (var type = item.GetType(); type is not null && type.Assembly.GetName().Name!.StartsWith("OpenTelemetry", StringComparison.Ordinal); type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsValueType && field.GetValue(item) is { } value
                        && value.GetType().Assembly.GetName().Name!.StartsWith("OpenTelemetry", StringComparison.Ordinal))
                    {
                        pending.Push(value);
                    }
                }
            }
        }

        return found;
    }
}
