using System.Globalization;
using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// Delivers a claim's queued outbox rows to the claims service, one at a time in the order
/// they were written. For each row it reads the claim (etag, required parties, due time,
/// status), derives the status from the verdicts recorded up to that row, and sends it with
/// the status change under the claim's etag and request_id = the row's id, so a repeat never
/// applies twice. A stale etag (a conflict) means someone else wrote in between: read again,
/// derive again. An answer that the claim cannot take the change rejects the row with the
/// reason; anything short of an answer leaves it queued for the next try.
/// </summary>
public sealed class DeliveryProcessor(
    IVerdictStore store, ClaimsGateway claims, ClaimLocks locks, TimeProvider clock, ILogger<DeliveryProcessor> logger)
{
    /// <summary>Re-reads after a stale etag before the row waits for the next round.</summary>
    private const int MaxConflicts = 5;

    /// <summary>
    /// Delivers the claim's queued rows in order, up to and including the row
    /// <paramref name="upToSequence"/> (all when null). Returns true when none of those is left queued.
    /// </summary>
    public async Task<bool> DeliverClaimAsync(string claimId, long? upToSequence, CancellationToken ct)
    {
        using var held = await locks.AcquireAsync(claimId, ct);
        // Read under the lock: another deliverer may have finished rows while we waited.
        foreach (var entry in await store.QueuedAsync(claimId, ct))
        {
            if (upToSequence is { } last && entry.Sequence > last)
            {
                break;
            }

            if (!await DeliverAsync(entry, ct))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns false when the row stays queued.</summary>
    private async Task<bool> DeliverAsync(OutboxEntry entry, CancellationToken ct)
    {
        using var activity = DeliveryTelemetry.StartDelivery(entry);
        try
        {
            for (var conflicts = 0; ; conflicts++)
            {
                var attempt = await TryOnceAsync(entry, ct);
                if (attempt.Result is { } result)
                {
                    await store.CompleteAsync(entry, result, attempt.Claim, CancellationToken.None);
                    Log(entry, result);
                    DeliveryTelemetry.Settled(activity, result);
                    return true;
                }

                if (attempt.Unanswered is { } why)
                {
                    await StayQueuedAsync(entry, why.Error, activity);
                    return false;
                }

                if (conflicts == MaxConflicts)
                {
                    var failure = $"the claim kept changing under us ({MaxConflicts + 1} stale etags in a row)";
                    await store.RecordFailedAttemptAsync(entry, failure, CancellationToken.None);
                    DeliveryTelemetry.StaysQueued(activity, failure);
                    return false;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Out of budget or shutting down: the row stays queued exactly as it was.
            DeliveryTelemetry.StaysQueued(activity, "cancelled: out of budget or shutting down");
            return false;
        }
    }

    /// <summary>The claims service gave no answer: the row stays queued, with the failure noted.</summary>
    private async Task StayQueuedAsync(OutboxEntry entry, string error, System.Diagnostics.Activity? activity)
    {
        // The first failure of a row is worth a warning; repeating it every round while the
        // claims service is away would bury everything else in the log.
        if (entry.Attempts == 0)
        {
            logger.StaysQueued(entry.Id, entry.ClaimId, error);
        }
        else
        {
            logger.StillQueued(entry.Id, entry.ClaimId, entry.Attempts + 1, error);
        }

        await store.RecordFailedAttemptAsync(entry, error, CancellationToken.None);
        DeliveryTelemetry.StaysQueued(activity, error);
    }

    /// <summary>
    /// One read-derive-write round: the row's result with the claim as it was read (saved as its
    /// snapshot when the row completes), or no answer, or neither when the etag was stale (go
    /// round again).
    /// </summary>
    private async Task<Attempt> TryOnceAsync(OutboxEntry entry, CancellationToken ct)
    {
        switch (await claims.GetClaimAsync(entry.ClaimId, ct))
        {
            case ClaimLookup.Unanswered(var why):
                return new Attempt(null, null, why);
            case ClaimLookup.Found(var claim):
                return await DeriveAndSendAsync(entry, claim, ct);
            default:
                return new Attempt(Rejected($"the claims service has no claim '{ClaimName.Of(entry.ClaimId)}'"), null, null);
        }
    }

    private async Task<Attempt> DeriveAndSendAsync(OutboxEntry entry, ClaimSnapshot claim, CancellationToken ct)
    {
        var counting = await store.CountingVerdictsAsync(entry.ClaimId, entry.Sequence, ct);
        var verdict = entry.VerdictId is null ? null : counting.FirstOrDefault(v => v.Id == entry.VerdictId)
            ?? throw new InvalidDataException($"outbox row {entry.Id} names verdict {entry.VerdictId}, which is not among the claim's counting verdicts");
        var outcome = StatusRules.Derive(StatusInput.Of(claim, counting, clock.GetUtcNow(), verdict?.Content.Decision));

        switch (outcome.Kind)
        {
            case OutcomeKind.Unchanged:
                return new Attempt(Applied(claim, outcome.Explanation), claim, null);
            case OutcomeKind.Refused:
                return new Attempt(Rejected(outcome.Explanation, claim), claim, null);
        }

        var change = new StatusChange(
            outcome.Status,
            outcome.Detail,
            // The claims service refuses a longer reason.
            Phrasing.Shorten(verdict is not null ? VerdictReason(verdict) : entry.Kind == OutboxKind.Reconcile ? Reconciler.Reason : OverdueReason(claim), Limits.MaxReason, "…"),
            verdict?.Content.Evidence ?? []);

        switch (await claims.UpdateStatusAsync(entry.ClaimId, change, claim.Etag, requestId: entry.Id, ct))
        {
            case StatusChangeOutcome.Applied(var updated):
                return new Attempt(Applied(updated, ""), claim, null);
            case StatusChangeOutcome.Conflict(var detail):
                logger.EtagConflict(entry.ClaimId, entry.Id, detail);
                return new Attempt(null, null, null);
            case StatusChangeOutcome.Rejected(var reason):
                return new Attempt(Rejected($"the claims service refused {StatusRules.Name(outcome.Status)}: {reason}", claim), claim, null);
            case StatusChangeOutcome.AppliedEarlier:
                // Our request ids are unique per row, so the claims service has seen this row's
                // change before: it was applied, and the claim has moved on since. Record what the
                // claim showed when we read it just now, not what we meant to send.
                return new Attempt(Applied(claim, $"applied earlier under request_id {entry.Id}; the claim has changed since"), claim, null);
            case StatusChangeOutcome.Unanswered(var why):
                return new Attempt(null, null, why);
            default:
                throw new InvalidOperationException("unknown status change outcome");
        }
    }

    /// <summary>Applied, as <paramref name="claim"/> reads on the claims service once the row's change is there.</summary>
    private VerdictDelivery Applied(ClaimSnapshot claim, string note) =>
        new(DeliveryState.Applied, note, claim.Status, claim.StatusDetail, clock.GetUtcNow(), claim.UpdateTime);

    /// <summary>Rejected; with the claim as read when the claims service was asked, whose update time becomes the claim's mark.</summary>
    private VerdictDelivery Rejected(string reason, ClaimSnapshot? claim = null) =>
        new(DeliveryState.Rejected, reason, null, "", clock.GetUtcNow(), claim?.UpdateTime);

    private void Log(OutboxEntry entry, VerdictDelivery result)
    {
        if (result.State == DeliveryState.Rejected)
        {
            logger.Rejected(entry.Id, entry.Kind, entry.ClaimId, result.Reason);
        }
        else
        {
            logger.Applied(entry.Id, entry.Kind, entry.ClaimId, result.ResultingStatus, result.ResultingDetail, result.Reason);
        }
    }

    private static string VerdictReason(Verdict verdict)
    {
        var c = verdict.Content;
        var who = c.Official.Length > 0 ? $"{c.Party} ({c.Official})" : c.Party;
        var verb = c.Decision switch
        {
            Decision.Confirm => "confirmed",
            Decision.Deny => "denied",
            Decision.Dispute => "disputed",
            _ => "retracted",
        };
        var note = c.Note.Length > 0 ? $": {c.Note}" : "";
        return $"{who} {verb} the claim{note} [verdict claims/{c.ClaimId}/verdicts/{verdict.Id}, recorded by {verdict.Recorder}]";
    }

    private static string OverdueReason(ClaimSnapshot claim) =>
        $"due time {claim.DueTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} passed while the claim was " +
        $"{StatusRules.Name(claim.Status)} [overdue sweep of the verification service]";

    /// <summary>
    /// One round's end: the row's result and the claim it was derived from; or why the claims
    /// service gave no answer; or neither, when the etag was stale.
    /// </summary>
    private sealed record Attempt(VerdictDelivery? Result, ClaimSnapshot? Claim, NoAnswer? Unanswered);
}
