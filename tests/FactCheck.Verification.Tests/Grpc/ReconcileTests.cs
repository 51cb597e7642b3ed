using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Verification.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>
/// ReconcileClaims after the claims service's database was put back to an earlier copy, both
/// services real and in memory: what the claims service lost is delivered again, a claim changed
/// since by someone else is left alone, and a claim it no longer has is reported, once per pass.
/// </summary>
public class ReconcileTests
{
    private const string Confirmed = "confirmed by Washington and Baghdad";
    private const string Halfway = "confirmed by Washington; awaiting Baghdad";

    [Fact]
    public async Task A_restored_claims_service_gets_back_what_it_lost_and_a_claim_it_lacks_is_reported()
    {
        var log = new CapturedLog();
        // The pass runs when the test asks for it, not on its own.
        await using var pair = new ServicePair(secured: false, settings: new Dictionary<string, string?> { ["Verification:ReconcileInterval"] = "00:00:00" },
            verificationServices: s => s.AddSingleton<ILoggerProvider>(log));
        var desk = pair.Desk();
        foreach (var id in new[] { "agreement", "kept", "changed" })
        {
            await pair.ClaimsClient().CreateClaimAsync(SampleClaims.Create("agreement", claimId: id));
            Assert.Equal(ClaimStatus.Pending, (await desk.RecordVerdictAsync(Confirm(id, "Washington"))).Status);
        }

        var copy = pair.Folder.File("claims-copy.db");
        await SqliteCopy.TakeAsync(pair.Folder.ClaimsDb, copy);
        foreach (var id in new[] { "agreement", "changed" })
        {
            Assert.Equal(ClaimStatus.Confirmed, (await desk.RecordVerdictAsync(Confirm(id, "Baghdad"))).Status);
        }

        await pair.ClaimsClient().CreateClaimAsync(SampleClaims.Create("agreement", claimId: "late"));
        await desk.RecordVerdictAsync(Confirm("late", "Washington"));
        await desk.RecordVerdictAsync(Confirm("late", "Baghdad"));

        await pair.StopClaimsAsync();
        pair.StartClaims(database: copy);
        var claims = pair.ClaimsClient();
        Assert.Equal(Halfway, (await GetAsync(claims, "agreement")).StatusDetail);
        // Someone with the verifier role changes a claim after the restore: theirs is the later word.
        var disputed = await claims.UpdateClaimStatusAsync(new UpdateClaimStatusRequest
        {
            Name = "claims/changed", Status = ClaimStatus.Disputed, StatusDetail = "disputed by the desk", Reason = "a new statement casts doubt on it",
        });

        var report = await desk.ReconcileClaimsAsync(new ReconcileClaimsRequest());

        Assert.True(report.Complete, report.ToString());
        Assert.Equal((4, 2, 0), (report.ClaimsChecked, report.ClaimsInStep, report.ClaimsUndecided));
        Assert.Equal(["claims/agreement"], report.RedeliveredClaims);
        Assert.Empty(report.AlreadyQueuedClaims);
        var missing = Assert.Single(report.MissingClaims);
        Assert.Equal(("claims/late", 2), (missing.Claim, missing.VerdictCount));

        var agreement = await Eventually.Until(() => GetAsync(claims, "agreement"), c => c.Status == ClaimStatus.Confirmed, "the agreement CONFIRMED again");
        Assert.Equal(Confirmed, agreement.StatusDetail);
        var redelivery = (await SampleVerdicts.StatusChangesAsync(claims, "claims/agreement"))[^1];
        Assert.Equal((ClaimStatus.Pending, Reconciler.Reason), (redelivery.PreviousStatus, redelivery.Reason));
        Assert.StartsWith("verification-", redelivery.RequestId, StringComparison.Ordinal);
        Assert.Equal(disputed, await GetAsync(claims, "changed"));
        Assert.Equal(Halfway, (await GetAsync(claims, "kept")).StatusDetail);

        // The redelivery left a new mark: the next pass finds everything in step but the missing claim.
        var again = await desk.ReconcileClaimsAsync(new ReconcileClaimsRequest());
        Assert.Equal((4, 3), (again.ClaimsChecked, again.ClaimsInStep));
        Assert.Empty(again.RedeliveredClaims);
        Assert.Equal(["claims/late"], again.MissingClaims.Select(m => m.Claim));
        Assert.Equal(ClaimStatus.Disputed, (await GetAsync(claims, "changed")).Status);
        // Reported once per claim per pass, not once per verdict naming it; the verdicts are kept.
        Assert.Equal(2, log.At(LogLevel.Warning).Count(m => m.Contains("no claim claims/late", StringComparison.Ordinal)));
        Assert.Equal(2, (await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = "claims/late" })).Verdicts.Count);
    }

    private static RecordVerdictRequest Confirm(string id, string party) => SampleVerdicts.Verdict($"claims/{id}", party, VerdictDecision.Confirm);

    private static async Task<Claim> GetAsync(ClaimsService.ClaimsServiceClient claims, string id) =>
        await claims.GetClaimAsync(new GetClaimRequest { Name = $"claims/{id}" });
}
