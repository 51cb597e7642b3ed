using FactCheck.Testing;
using FactCheck.Contracts.V1;
using FactCheck.Verification.Tests.Support;
using FactCheck.Verification.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>The overdue sweep, with the verification service on a fake clock that the test moves.</summary>
public class OverdueSweepTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Waiting_claims_past_their_due_time_become_overdue_once_and_a_late_confirmation_still_confirms()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero));
        await using var pair = new ServicePair(clock: clock, settings: new Dictionary<string, string?> { ["Verification:SweepInterval"] = "00:10:00" });
        var claims = pair.ClaimsClient();
        var desk = pair.Desk();
        // The withdrawals hang on the agreement, so it must exist first, under the id they name.
        await claims.CreateClaimAsync(SampleClaims.Create("agreement"));
        // Created PENDING (the sample file has it UNVERIFIED), so the sweep's PENDING → OVERDUE move is what is checked.
        var pendingSeptember = Samples.FirstWithdrawal();
        pendingSeptember.Status = ClaimStatus.Pending;
        var september = await Samples.CreateAsync(claims, pendingSeptember);
        var endOf2026 = await Samples.CreateAsync(claims, Samples.FinalWithdrawal());
        var alreadyConfirmed = await Samples.CreateAsync(claims, Samples.FirstWithdrawal());
        var confirmation = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(alreadyConfirmed.Name, "Pentagon", VerdictDecision.Confirm));
        Assert.Equal(ClaimStatus.Confirmed, confirmation.Status);

        // A day after the September deadline: the sweep on the moved clock finds the waiting claim.
        clock.SetUtcNow(new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero));
        var overdue = await Eventually.Until(
            () => claims.GetClaimAsync(new GetClaimRequest { Name = september.Name }).ResponseAsync,
            c => c.Status == ClaimStatus.Overdue, "the September claim to be OVERDUE",
            eachRound: () => { clock.Advance(Interval); return Task.CompletedTask; });

        Assert.Equal("overdue since 2025-09-30; no verdict yet", overdue.StatusDetail);
        Assert.Equal(ClaimStatus.Unverified, (await claims.GetClaimAsync(new GetClaimRequest { Name = endOf2026.Name })).Status);
        Assert.Equal(ClaimStatus.Confirmed, (await claims.GetClaimAsync(new GetClaimRequest { Name = alreadyConfirmed.Name })).Status);
        var summary = await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = september.Name });
        Assert.True(summary.Overdue);
        Assert.Equal(ClaimStatus.Overdue, summary.ClaimStatus);

        // More sweeps find nothing new: the claim is no longer waiting. Run them directly, so
        // the assertion does not depend on the background timer having fired.
        var sweep = pair.Verification.Services.GetRequiredService<OverdueSweep>();
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(Interval);
            Assert.Equal(0, await sweep.SweepOnceAsync(CancellationToken.None));
        }

        var sweepChange = Assert.Single(await SampleVerdicts.StatusChangesAsync(claims, september.Name));
        Assert.Equal((ClaimStatus.Pending, ClaimStatus.Overdue, TestKeys.Delivery.Actor), (sweepChange.PreviousStatus, sweepChange.Claim.Status, sweepChange.Actor));
        Assert.Contains("overdue sweep", sweepChange.Reason, StringComparison.Ordinal);

        var late = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(september.Name, "Pentagon", VerdictDecision.Confirm));

        Assert.Equal((DeliveryState.Applied, ClaimStatus.Confirmed, "confirmed by Pentagon"), (late.DeliveryState, late.Status, late.StatusDetail));
        Assert.Equal(
            [ClaimStatus.Overdue, ClaimStatus.Confirmed],
            (await SampleVerdicts.StatusChangesAsync(claims, september.Name)).Select(e => e.Claim.Status));
    }
}
