using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Application;

/// <summary>Where one claim stands with its verifiers; see factcheck.v1.VerificationSummary.</summary>
public sealed record VerificationSummary(
    string ClaimId,
    ClaimSnapshot? Claim,
    IReadOnlyList<Verdict> LatestVerdicts,
    IReadOnlyList<string> AwaitedParties,
    StatusOutcome? Outcome,
    bool Overdue,
    IReadOnlyList<OutboxEntry> PendingDeliveries,
    IReadOnlyList<Verdict> RejectedVerdicts);

/// <summary>
/// Builds summaries from the claim as the claims service has it now, or, when that service does
/// not answer, as it was last read (the summary says when).
/// </summary>
public sealed class SummaryReader(IVerdictStore store, ClaimsGateway claims, TimeProvider clock, IOptions<VerificationOptions> options)
{
    private const int MaxVerdicts = 10_000;

    public async Task<VerificationSummary> ReadAsync(string claimId, CancellationToken ct)
    {
        ClaimSnapshot? claim;
        using (var budget = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            budget.CancelAfter(options.Value.ImmediateDeliveryBudget);
            ClaimLookup lookup;
            try
            {
                lookup = await claims.GetClaimAsync(claimId, budget.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                lookup = new ClaimLookup.Unanswered(new NoAnswer("no answer within the budget", "no answer in time"));
            }

            switch (lookup)
            {
                case ClaimLookup.Found(var found):
                    claim = found;
                    await store.SaveSnapshotAsync(found, ct);
                    break;
                case ClaimLookup.Unanswered(var why):
                    claim = await store.GetSnapshotAsync(claimId, ct) ?? throw Refusals.ClaimsServiceUnavailable(claimId, why.Cause);
                    break;
                default:
                    claim = null;
                    break;
            }
        }

        var verdicts = await store.ListVerdictsAsync(claimId, 0, MaxVerdicts, ct);
        if (claim is null && verdicts.Count == 0)
        {
            throw Refusals.ClaimNotFound(claimId, "in the claims service");
        }

        var counting = verdicts.Where(v => v.Delivery.State != DeliveryState.Rejected).ToList();
        var outcome = claim is null ? null : StatusRules.Derive(StatusInput.Of(claim, counting, clock.GetUtcNow()));

        return new VerificationSummary(
            claimId,
            claim,
            VerdictSets.LatestPerParty(counting),
            outcome?.AwaitedParties ?? [],
            outcome,
            outcome?.IsOverdue ?? false,
            await store.QueuedAsync(claimId, ct),
            verdicts.Where(v => v.Delivery.State == DeliveryState.Rejected).ToList());
    }
}
