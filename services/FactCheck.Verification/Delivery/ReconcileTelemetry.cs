using System.Diagnostics;
using System.Diagnostics.Metrics;
using FactCheck.ServiceDefaults;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// The reconcile pass's span and metrics. <c>factcheck.verification.reconcile.missing_claims</c>
/// is what to alert on: claims the claims service lacks while verdicts here name them, as the
/// last complete pass found them.
/// </summary>
public static class ReconcileTelemetry
{
    /// <summary>The activity source's and meter's name; it starts with <see cref="TelemetrySources.Prefix"/>, so the hosts already listen to it.</summary>
    public const string Name = TelemetrySources.Prefix + "Verification.Reconcile";

    public const string PassSpan = "reconcile pass";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Redelivered = Meter.CreateCounter<long>(
        "factcheck.verification.reconcile.redelivered", "{claim}", "Claims whose status a reconcile pass queued again because the claims service no longer had it.");
    private static readonly Counter<long> Passes = Meter.CreateCounter<long>(
        "factcheck.verification.reconcile.passes", "{pass}", "Reconcile passes, by outcome (complete, incomplete).");

    private static long s_missing;

    static ReconcileTelemetry() =>
        Meter.CreateObservableGauge("factcheck.verification.reconcile.missing_claims", () => Interlocked.Read(ref s_missing), "{claim}",
            "Claims the claims service does not have while verdicts here name them, as the last complete reconcile pass found.");

    public static Activity? StartPass() => Source.StartActivity(PassSpan);

    public static void Finished(Activity? span, ReconcileReport report)
    {
        Passes.Add(1, new KeyValuePair<string, object?>("outcome", report.Complete ? "complete" : "incomplete"));
        Redelivered.Add(report.Redelivered.Count);
        if (report.Complete)
        {
            Interlocked.Exchange(ref s_missing, report.Missing.Count);
        }

        span?.SetTag("factcheck.reconcile.checked", report.ClaimsChecked);
        span?.SetTag("factcheck.reconcile.redelivered", report.Redelivered.Count);
        span?.SetTag("factcheck.reconcile.missing", report.Missing.Count);
        span?.SetStatus(report.Complete ? ActivityStatusCode.Ok : ActivityStatusCode.Error, report.Complete ? null : report.IncompleteReason);
    }
}
