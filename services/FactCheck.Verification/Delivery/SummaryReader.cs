using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Delivery;

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
            try
            {
                claim = await claims.GetClaimAsync(claimId, budget.Token);
                if (claim is not null)
                {
                    await store.SaveSnapshotAsync(claim, ct);
                }
            }
            catch (Exception e) when (ClaimsResilience.IsNoAnswer(e) && !ct.IsCancellationRequested)
            {
                claim = await store.GetSnapshotAsync(claimId, ct) ?? throw Refusals.ClaimsServiceUnavailable(claimId, e is global::Grpc.Core.RpcException rpc ? $"gRPC status {rpc.StatusCode}" : "no answer in time");
            }
        }

        var verdicts = await store.ListVerdictsAsync(claimId, 0, MaxVerdicts, ct);
        if (claim is null && verdicts.Count == 0)
        {
            throw Refusals.ClaimNotFound(claimId, "in the claims service");
        }

        var latest = VerdictSets.LatestPerParty(verdicts.Where(v => v.Delivery.State != DeliveryState.Rejected));
        var now = clock.GetUtcNow();
        var required = claim?.RequiredParties ?? [];
        var awaited = required
            .Where(p => !latest.Any(v => v.Content.Decision == Decision.Confirm && string.Equals(v.Content.Party.Trim(), p, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var outcome = claim is null
            ? null
            : StatusRules.Derive(new StatusInput(
                required,
                latest.Select(v => new PartyVerdict(v.Content.Party, v.Content.Decision)).ToList(),
                claim.Status,
                claim.StatusDetail,
                claim.DueTime,
                now));

        return new VerificationSummary(
            claimId,
            claim,
            latest,
            awaited,
            outcome,
            // Overdue as DESIGN.md defines it: past due while still waiting; a confirmed claim past its date is not.
            Overdue: claim is { DueTime: { } due, Status: ClaimStatus.Unverified or ClaimStatus.Pending or ClaimStatus.Overdue } && now > due,
            await store.QueuedAsync(claimId, ct),
            verdicts.Where(v => v.Delivery.State == DeliveryState.Rejected).ToList());
    }
}
