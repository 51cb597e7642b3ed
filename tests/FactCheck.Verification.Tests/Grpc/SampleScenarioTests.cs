using FactCheck.Testing;
using FactCheck.Contracts.V1;
using FactCheck.Verification.Tests.Support;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>The sample report's agreement, verified end to end through both real services over gRPC.</summary>
public class SampleScenarioTests
{
    [Fact]
    public async Task Agreement_pending_on_Washington_and_Baghdad_is_confirmed_step_by_step()
    {
        await using var pair = new ServicePair();
        var claims = pair.ClaimsClient();
        var desk = pair.Desk();
        var agreement = await Samples.CreateAsync(claims, Samples.Agreement());
        Assert.Equal((ClaimStatus.Pending, "awaiting Washington and Baghdad"), (agreement.Status, agreement.StatusDetail));

        var washington = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));

        Assert.Equal(DeliveryState.Applied, washington.DeliveryState);
        Assert.Equal((ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"), (washington.Status, washington.StatusDetail));
        Assert.Matches($"^{agreement.Name}/verdicts/v[0-9a-f]{{32}}$", washington.Verdict.Name);
        Assert.Equal(TestKeys.Desk.Actor, washington.Verdict.Recorder);
        var claim = await claims.GetClaimAsync(new GetClaimRequest { Name = agreement.Name });
        Assert.Equal((ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"), (claim.Status, claim.StatusDetail));

        var halfway = await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });
        Assert.Equal(["Washington", "Baghdad"], halfway.RequiredParties);
        Assert.Equal(["Baghdad"], halfway.AwaitedParties);
        Assert.Equal(["Washington"], halfway.LatestVerdicts.Select(v => v.Party));
        Assert.Equal((ClaimStatus.Pending, ClaimStatus.Pending), (halfway.Status, halfway.ClaimStatus));
        Assert.Empty(halfway.PendingDeliveries);

        var baghdad = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm));

        Assert.Equal(DeliveryState.Applied, baghdad.DeliveryState);
        Assert.Equal((ClaimStatus.Confirmed, "confirmed by Washington and Baghdad"), (baghdad.Status, baghdad.StatusDetail));

        // The claims service's history shows each change, with its evidence and who made it.
        var changes = await SampleVerdicts.StatusChangesAsync(claims, agreement.Name);
        Assert.Equal(
            [
                (ClaimStatus.Pending, ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad", "https://example.org/statements/washington-confirm"),
                (ClaimStatus.Pending, ClaimStatus.Confirmed, "confirmed by Washington and Baghdad", "https://example.org/statements/baghdad-confirm"),
            ],
            changes.Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail, e.Evidence.Single().Url)));
        Assert.All(changes, e => Assert.Equal(TestKeys.Delivery.Actor, e.Actor));
        Assert.Contains("Washington (US State Department spokesperson) confirmed the claim", changes[0].Reason, StringComparison.Ordinal);
        Assert.Contains(washington.Verdict.Name, changes[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Baghdad (Baghdad government spokesperson) confirmed the claim", changes[1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, changes.Select(e => e.RequestId).Where(id => id.Length > 0).Distinct().Count());

        var verdicts = await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name });
        Assert.Equal(
            [("Washington", DeliveryState.Applied, ClaimStatus.Pending), ("Baghdad", DeliveryState.Applied, ClaimStatus.Confirmed)],
            verdicts.Verdicts.Select(v => (v.Party, v.DeliveryState, v.ResultingStatus)));

        var done = await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });
        Assert.Empty(done.AwaitedParties);
        Assert.Equal((ClaimStatus.Confirmed, ClaimStatus.Confirmed, "confirmed by Washington and Baghdad"), (done.Status, done.ClaimStatus, done.StatusDetail));
        Assert.False(done.Overdue);
    }

    [Fact]
    public async Task A_required_party_denying_refutes_the_agreement()
    {
        await using var pair = new ServicePair();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());

        var denial = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Deny));

        Assert.Equal((DeliveryState.Applied, ClaimStatus.Refuted, "denied by Baghdad"), (denial.DeliveryState, denial.Status, denial.StatusDetail));
        var claim = await pair.ClaimsClient().GetClaimAsync(new GetClaimRequest { Name = agreement.Name });
        Assert.Equal(ClaimStatus.Refuted, claim.Status);
    }

    [Fact]
    public async Task A_claim_without_required_parties_takes_its_latest_verdict_and_ListVerdicts_pages()
    {
        await using var pair = new ServicePair();
        var desk = pair.Desk();
        var attacks = await Samples.CreateAsync(pair.ClaimsClient(), Samples.MilitiaAttacks());

        var first = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(attacks.Name, "Pentagon", VerdictDecision.Confirm));
        var second = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(attacks.Name, "Kataib Hezbollah", VerdictDecision.Dispute));
        var third = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(attacks.Name, "Monitoring group", VerdictDecision.Confirm));

        Assert.Equal(
            [(ClaimStatus.Confirmed, "confirmed by Pentagon"), (ClaimStatus.Disputed, "disputed by Kataib Hezbollah"), (ClaimStatus.Confirmed, "confirmed by Monitoring group")],
            new[] { first, second, third }.Select(r => (r.Status, r.StatusDetail)));

        var names = new List<string>();
        var request = new ListVerdictsRequest { Claim = attacks.Name, PageSize = 2 };
        do
        {
            var page = await desk.ListVerdictsAsync(request);
            Assert.InRange(page.Verdicts.Count, 1, 2);
            names.AddRange(page.Verdicts.Select(v => v.Name));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(new[] { first, second, third }.Select(r => r.Verdict.Name), names);
    }
}
