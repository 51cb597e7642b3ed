using System.Globalization;
using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// Delivers a claim's queued outbox rows to the claims service, one at a time in the order
/// they were written. For each row it reads the claim (etag, required parties, due time,
/// status), derives the status from the verdicts recorded up to that row, and sends it with
/// UpdateClaimStatus under the claim's etag and request_id = the row's id, so a repeat never
/// applies twice. A stale etag (ABORTED) means someone else wrote in between: read again,
/// derive again. An answer that the claim cannot take the change rejects the row with the
/// reason; anything short of an answer leaves it queued for the next try.
/// </summary>
public sealed class DeliveryProcessor(
    IVerdictStore store, ClaimsGateway claims, ClaimLocks locks, TimeProvider clock, ILogger<DeliveryProcessor> logger)
{
    /// <summary>Re-reads after ABORTED before the row waits for the next round.</summary>
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
                var (result, claim) = await TryOnceAsync(entry, ct);
                if (result is not null)
                {
                    await store.CompleteAsync(entry, result, claim, CancellationToken.None);
                    Log(entry, result);
                    DeliveryTelemetry.Settled(activity, result);
                    return true;
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
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Out of budget or shutting down: the row stays queued exactly as it was.
            DeliveryTelemetry.StaysQueued(activity, "cancelled: out of budget or shutting down");
            return false;
        }
        catch (Exception e) when (ClaimsResilience.IsNoAnswer(e))
        {
            var error = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
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
            return false;
        }
    }

    /// <summary>
    /// One read-derive-write round, with the claim as it was read (saved as its snapshot when the
    /// row completes). A null result means the etag was stale: go round again.
    /// </summary>
    private async Task<(VerdictDelivery? Result, ClaimSnapshot? Claim)> TryOnceAsync(OutboxEntry entry, CancellationToken ct)
    {
        var claim = await claims.GetClaimAsync(entry.ClaimId, ct);
        if (claim is null)
        {
            return (Rejected($"the claims service has no claim '{ClaimName.Of(entry.ClaimId)}'"), null);
        }

        return (await DeriveAndSendAsync(entry, claim, ct), claim);
    }

    private async Task<VerdictDelivery?> DeriveAndSendAsync(OutboxEntry entry, ClaimSnapshot claim, CancellationToken ct)
    {
        var counting = await store.CountingVerdictsAsync(entry.ClaimId, entry.Sequence, ct);
        var verdict = entry.VerdictId is null ? null : counting.FirstOrDefault(v => v.Id == entry.VerdictId)
            ?? throw new InvalidDataException($"outbox row {entry.Id} names verdict {entry.VerdictId}, which is not among the claim's counting verdicts");
        var outcome = StatusRules.Derive(StatusInput.Of(claim, counting, clock.GetUtcNow(), verdict?.Content.Decision));

        switch (outcome.Kind)
        {
            case OutcomeKind.Unchanged:
                return Applied(claim.Status, claim.StatusDetail, outcome.Explanation);
            case OutcomeKind.Refused:
                return Rejected(outcome.Explanation);
        }

        var request = new Api.UpdateClaimStatusRequest
        {
            Name = ClaimName.Of(entry.ClaimId),
            Status = (Api.ClaimStatus)(int)outcome.Status,
            StatusDetail = outcome.Detail,
            // The claims service refuses a longer reason.
            Reason = Phrasing.Shorten(verdict is null ? OverdueReason(claim) : VerdictReason(verdict), Limits.MaxReason, "…"),
            Etag = claim.Etag,
            RequestId = entry.Id,
        };
        if (verdict is not null)
        {
            request.Evidence.AddRange(verdict.Content.Evidence.Select(e => new Api.Evidence
            {
                Url = e.Url,
                Quote = e.Quote,
                ObservedTime = e.ObservedTime is { } t ? Timestamp.FromDateTimeOffset(t) : null,
            }));
        }

        try
        {
            var updated = await claims.UpdateStatusAsync(request, ct);
            return Applied((ClaimStatus)(int)updated.Status, updated.StatusDetail, "");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Aborted)
        {
            logger.EtagConflict(entry.ClaimId, entry.Id, e.Status.Detail);
            return null;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            return Rejected($"the claims service refused {StatusRules.Name(outcome.Status)}: {e.Status.Detail}");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Our request ids are unique per row, so the claims service has seen this row's
            // change before: it was applied, and the claim has moved on since. Record what the
            // claim showed when we read it just now, not what we meant to send.
            return Applied(claim.Status, claim.StatusDetail, $"applied earlier under request_id {entry.Id}; the claim has changed since");
        }
    }

    private VerdictDelivery Applied(ClaimStatus status, string detail, string note) =>
        new(DeliveryState.Applied, note, status, detail, clock.GetUtcNow());

    private VerdictDelivery Rejected(string reason) =>
        new(DeliveryState.Rejected, reason, null, "", clock.GetUtcNow());

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
}
