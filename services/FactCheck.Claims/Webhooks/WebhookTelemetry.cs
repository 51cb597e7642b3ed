using System.Diagnostics;
using System.Diagnostics.Metrics;
using FactCheck.Domain.Webhooks;
using FactCheck.ServiceDefaults;

namespace FactCheck.Claims.Webhooks;

/// <summary>
/// A span per delivery attempt, and the webhooks' metrics: attempts by outcome, and the age of
/// the oldest pending delivery (how far behind the receivers are). Source and meter names start
/// with <see cref="TelemetrySources.Prefix"/>, so the hosts already export them.
/// </summary>
public static class WebhookTelemetry
{
    public const string Name = TelemetrySources.Prefix + "Claims.Webhooks";
    public const string AttemptSpan = "webhook attempt";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("factcheck.webhooks.attempts", "{attempt}", "Webhook delivery attempts, by outcome (delivered, retry, failed).");
    private static readonly Histogram<double> Durations = Meter.CreateHistogram<double>("factcheck.webhooks.attempt.duration", "s", "How long webhook attempts took.");

    // Updated by the dispatcher at each round; read when metrics are collected.
    private static double s_oldestPendingSeconds;
    private static long s_pending;

    static WebhookTelemetry()
    {
        Meter.CreateObservableGauge("factcheck.webhooks.queue.age", () => Volatile.Read(ref s_oldestPendingSeconds), "s", "How long the oldest pending webhook delivery has waited.");
        Meter.CreateObservableGauge("factcheck.webhooks.queue.pending", () => Interlocked.Read(ref s_pending), "{delivery}", "Webhook deliveries waiting to be made.");
    }

    /// <summary>
    /// Starts the span of one attempt in the trace of the call that made the change
    /// (<paramref name="traceParent"/>, stored with its event), whichever replica delivers it and
    /// however much later; a change made outside any trace starts a trace of its own.
    /// </summary>
    public static Activity? StartAttempt(string webhookId, string eventId, string claimId, int attempt, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var cause);
        var activity = Source.StartActivity(AttemptSpan, ActivityKind.Client, cause);
        activity?.SetTag("factcheck.webhook", WebhookName.Of(webhookId));
        activity?.SetTag("factcheck.event_id", eventId);
        activity?.SetTag("factcheck.claim", FactCheck.Domain.ClaimName.Of(claimId));
        activity?.SetTag("factcheck.webhook.attempt", attempt);
        return activity;
    }

    public static void Attempted(Activity? activity, DeliveryAttempt attempt, string outcome)
    {
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        Durations.Record(attempt.Duration.TotalSeconds);
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", attempt.HttpStatus);
            activity.SetTag("factcheck.webhook.outcome", outcome);
            if (attempt.Error.Length > 0)
            {
                activity.SetStatus(ActivityStatusCode.Error, attempt.Error);
            }
        }
    }

    public static void Backlog(long pending, TimeSpan oldest)
    {
        Interlocked.Exchange(ref s_pending, pending);
        Volatile.Write(ref s_oldestPendingSeconds, oldest.TotalSeconds);
    }
}
