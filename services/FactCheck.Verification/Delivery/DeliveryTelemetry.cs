using System.Diagnostics;
using FactCheck.ServiceDefaults;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// One span per delivery of an outbox row, in the trace of the call that queued the row (its
/// <see cref="OutboxEntry.TraceParent"/>), whoever delivers it and whenever: RecordVerdict at
/// once, the dispatcher after the claims service was away, or another replica after a restart.
/// The calls to the claims service made while delivering are its children, so the claims
/// service's UpdateClaimStatus lands in the verdict's trace too.
/// </summary>
public static class DeliveryTelemetry
{
    /// <summary>The activity source's name; it starts with <see cref="TelemetrySources.Prefix"/>, so the hosts already listen to it.</summary>
    public const string SourceName = TelemetrySources.Prefix + "Verification.Delivery";

    /// <summary>The span's name.</summary>
    public const string DeliverSpan = "deliver status change";

    /// <summary>The span of one overdue sweep; the checks it queues carry its trace context, so their deliveries join it.</summary>
    public const string SweepSpan = "overdue sweep";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one overdue sweep; null when nobody listens.</summary>
    public static Activity? StartSweep() => Source.StartActivity(SweepSpan);

    /// <summary>Starts the delivery span of <paramref name="entry"/>; null when nobody listens.</summary>
    public static Activity? StartDelivery(OutboxEntry entry)
    {
        var caller = Activity.Current;
        ActivityLink[]? links = null;
        if (!ActivityContext.TryParse(entry.TraceParent, null, isRemote: true, out var queuedBy))
        {
            // A row without a trace context (queued with no span current): the span joins
            // whatever is delivering it, or starts a trace of its own in the dispatcher.
            queuedBy = caller?.Context ?? default;
        }
        else if (caller is not null && caller.TraceId != queuedBy.TraceId)
        {
            // Another verdict's call delivers this row first (rows of a claim go in order):
            // the span stays in the trace that queued it and points at the one delivering it.
            links = [new ActivityLink(caller.Context)];
        }

        var activity = Source.StartActivity(DeliverSpan, ActivityKind.Internal, queuedBy, links: links);
        activity?.SetTag("factcheck.claim", ClaimName.Of(entry.ClaimId));
        activity?.SetTag("factcheck.outbox.id", entry.Id);
        activity?.SetTag("factcheck.outbox.kind", OutboxKinds.Name(entry.Kind));
        activity?.SetTag("factcheck.outbox.attempt", entry.Attempts + 1);
        return activity;
    }

    /// <summary>The claims service answered: the row is applied or rejected, and leaves the queue.</summary>
    public static void Settled(Activity? activity, VerdictDelivery result)
    {
        activity?.SetTag("factcheck.delivery.state", result.State == DeliveryState.Applied ? "applied" : "rejected");
        if (result.Reason.Length > 0)
        {
            activity?.SetTag("factcheck.delivery.reason", result.Reason);
        }

        activity?.SetStatus(ActivityStatusCode.Ok);
    }

    /// <summary>No answer (the claims service away, out of time): the row stays queued for another try.</summary>
    public static void StaysQueued(Activity? activity, string why)
    {
        activity?.SetTag("factcheck.delivery.state", "queued");
        activity?.SetStatus(ActivityStatusCode.Error, why);
    }
}
