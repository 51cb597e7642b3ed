using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Delivery;

/// <summary>A claim the claims service does not have, with the number of counting verdicts here that name it.</summary>
public sealed record MissingClaim(string ClaimId, int Verdicts);

/// <summary>What one reconcile pass found and did (ReconcileClaimsResponse on the wire).</summary>
public sealed record ReconcileReport(
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    string IncompleteReason,
    int ClaimsChecked,
    int InStep,
    IReadOnlyList<string> Redelivered,
    IReadOnlyList<string> AlreadyQueued,
    IReadOnlyList<MissingClaim> Missing,
    int Undecided)
{
    /// <summary>Every claim with an applied change was compared.</summary>
    public bool Complete => IncompleteReason.Length == 0;
}

/// <summary>
/// The reconcile pass: for every claim this service has changed on the claims service, reads the
/// claim there and decides by <see cref="ReconcileRules"/> whether the claims service has gone
/// back on the change (its database restored from an earlier point). Such a claim gets a
/// reconcile row in the outbox, which the dispatcher delivers like any other: derived from the
/// verdicts, under the claim's etag, with the row's own request id, in order with the claim's
/// other rows. A claim the claims service lacks is reported (log, metric, report), never
/// deleted here. The pass takes no claim lock and writes only through the outbox, so new
/// verdicts' deliveries go on beside it; it reads the claims a page at a time and stops at the
/// first claim the claims service gives no answer for, rather than wait out every claim in turn.
/// One pass at a time: a second caller waits for the running one, then runs its own.
/// </summary>
public sealed class Reconciler(
    IVerdictStore store, ClaimsGateway claims, DeliverySignal signal, TimeProvider clock, ILogger<Reconciler> logger) : IDisposable
{
    /// <summary>The reason a reconcile row's status change carries in the claim's history.</summary>
    public const string Reason =
        "delivered again: the claims service no longer had the status this service applied (restored from an earlier point) [reconcile of the verification service]";

    private const int PageSize = 100;

    private readonly SemaphoreSlim _onePass = new(1, 1);

    public async Task<ReconcileReport> RunPassAsync(CancellationToken ct)
    {
        await _onePass.WaitAsync(ct);
        try
        {
            return await PassAsync(ct);
        }
        finally
        {
            _onePass.Release();
        }
    }

    private async Task<ReconcileReport> PassAsync(CancellationToken ct)
    {
        using var span = ReconcileTelemetry.StartPass();
        var start = clock.GetUtcNow();
        var redelivered = new List<string>();
        var alreadyQueued = new List<string>();
        var missing = new List<MissingClaim>();
        int checkedClaims = 0, inStep = 0, undecided = 0;
        var incomplete = "";
        var after = "";
        while (incomplete.Length == 0)
        {
            var page = await store.AppliedMarksAsync(after, PageSize, ct);
            foreach (var mark in page)
            {
                var lookup = await claims.GetClaimAsync(mark.ClaimId, ct);
                if (lookup is ClaimLookup.Unanswered(var why))
                {
                    incomplete = $"the claims service did not answer for claims/{mark.ClaimId}: {why.Error}";
                    break;
                }

                checkedClaims++;
                var found = (lookup as ClaimLookup.Found)?.Claim;
                var decision = ReconcileRules.Decide(mark.ClaimUpdateTime, found is not null, found?.UpdateTime);
                switch (decision.Action)
                {
                    case ReconcileAction.Missing:
                        missing.Add(new MissingClaim(mark.ClaimId, mark.Verdicts));
                        logger.ClaimMissing(mark.ClaimId, mark.Verdicts);
                        break;
                    case ReconcileAction.Redeliver when await store.QueueReconcileAsync(mark.ClaimId, ct):
                        redelivered.Add(mark.ClaimId);
                        logger.Redelivering(mark.ClaimId, mark.OutboxId, decision.Explanation);
                        break;
                    case ReconcileAction.Redeliver:
                        alreadyQueued.Add(mark.ClaimId);
                        break;
                    case ReconcileAction.Undecided:
                        undecided++;
                        break;
                    default:
                        inStep++;
                        break;
                }
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].ClaimId;
        }

        if (redelivered.Count > 0)
        {
            signal.Notify(OutboxLane.Backlog);
        }

        var report = new ReconcileReport(start, clock.GetUtcNow(), incomplete, checkedClaims, inStep, redelivered, alreadyQueued, missing, undecided);
        ReconcileTelemetry.Finished(span, report);
        LogReport(report);
        return report;
    }

    private void LogReport(ReconcileReport report)
    {
        if (!report.Complete)
        {
            logger.PassIncomplete(report.ClaimsChecked, report.Redelivered.Count, report.Missing.Count, report.IncompleteReason);
        }
        else if (report.Missing.Count > 0 || report.Redelivered.Count > 0)
        {
            logger.PassFoundChanges(report.ClaimsChecked, report.Redelivered.Count, report.AlreadyQueued.Count, report.Missing.Count);
        }
        else
        {
            logger.PassInStep(report.ClaimsChecked);
        }
    }

    public void Dispose() => _onePass.Dispose();
}
