using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Application;

/// <summary>
/// RecordVerdict's work: refuse a verdict the claims service says cannot be taken (no such
/// claim, or RETRACTED), record it with its outbox row, then try to deliver it at once within
/// <see cref="VerificationOptions.ImmediateDeliveryBudget"/>. When the claims service does not
/// answer in time, the verdict is still recorded and stays queued for the dispatcher.
/// </summary>
public sealed class VerdictRecorder(
    IVerdictStore store, ClaimsGateway claims, DeliveryProcessor processor, DeliverySignal signal, VerdictsFirst verdictsFirst,
    IOptions<VerificationOptions> options, ILogger<VerdictRecorder> logger)
{
    public async Task<Verdict> RecordAsync(VerdictContent content, WriteContext write, CancellationToken ct)
    {
        // From here to the answer the backlog lane holds back (VerdictsFirst): the check, the write and the delivery all want the same cores.
        using var underWay = verdictsFirst.Begin();
        // A retry returns the first result even if the claim has moved on (been retracted) since.
        var earlier = await store.FindByRequestAsync(write, ct);
        if (earlier is not null)
        {
            return earlier;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(options.Value.ImmediateDeliveryBudget);
        await RefuseIfClaimCannotTakeVerdictsAsync(content.ClaimId, budget.Token);

        // Recorded with the caller's token, not the budget: once checked, the verdict is kept
        // however long the claims service takes.
        var recorded = await store.RecordAsync(content, write, ct);
        if (recorded.Repeated)
        {
            return recorded.Verdict;
        }

        var delivered = false;
        if (!budget.IsCancellationRequested)
        {
            try
            {
                delivered = await processor.DeliverClaimAsync(content.ClaimId, recorded.Outbox!.Sequence, budget.Token);
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // The budget ran out while waiting for the claim's lock: the dispatcher takes over.
            }
            catch (Exception e) when (store.IsDatabaseFault(e))
            {
                // The verdict is recorded; noting its delivery failed (the database away or full,
                // counted and logged once where its faults are followed). Its row stays queued for
                // the dispatcher, and the caller gets the verdict as recorded, not an error that
                // would say it was not.
            }
        }

        if (!delivered)
        {
            signal.Notify(OutboxLane.Verdicts);
        }

        return await store.GetVerdictAsync(recorded.Verdict.Id, ct)
            ?? throw new InvalidDataException($"verdict {recorded.Verdict.Id} vanished right after it was recorded");
    }

    private async Task RefuseIfClaimCannotTakeVerdictsAsync(string claimId, CancellationToken budget)
    {
        ClaimSnapshot claim;
        try
        {
            switch (await claims.GetClaimAsync(claimId, budget))
            {
                case ClaimLookup.Found(var found):
                    claim = found;
                    break;
                case ClaimLookup.Unanswered(var why):
                    logger.AcceptedUnchecked(claimId, why.Error);
                    return;
                default:
                    throw Refusals.ClaimNotFound(claimId, "in the claims service");
            }
        }
        catch (OperationCanceledException e) when (budget.IsCancellationRequested)
        {
            // The budget ran out before the claims service answered: as good as no answer.
            logger.AcceptedUnchecked(claimId, e.Message);
            return;
        }

        if (claim.Status == ClaimStatus.Retracted)
        {
            throw Refusals.ClaimRetracted(claimId);
        }

        // Not saved as the claim's snapshot here: the delivery that follows reads the claim again
        // under its lock and saves that reading with its completion, which spares this call a commit.
    }
}
