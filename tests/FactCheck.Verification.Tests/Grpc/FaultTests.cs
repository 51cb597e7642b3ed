using FactCheck.Testing;
using FactCheck.Contracts.V1;
using FactCheck.Verification.Tests.Support;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>
/// Faults between the two services. Each test checks that nothing is lost (every verdict's
/// status reaches the claims service, or the verdict is marked rejected with the reason) and
/// nothing is applied twice (the claims service's history has each change exactly once, in order).
/// </summary>
public class FaultTests
{
    private static readonly (ClaimStatus, ClaimStatus, string)[] AgreementConfirmedInOrder =
    [
        (ClaimStatus.Pending, ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"),
        (ClaimStatus.Pending, ClaimStatus.Confirmed, "confirmed by Washington and Baghdad"),
    ];

    [Fact]
    public async Task Verdicts_recorded_while_the_claims_service_is_stopped_arrive_once_and_in_order_after_it_is_back()
    {
        await using var pair = new ServicePair();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        // A summary reads the claim, so it can still be summarised while the claims service is away.
        await pair.Desk().GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });

        await pair.StopClaimsAsync();
        var washington = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));
        var baghdad = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm));

        Assert.Equal((DeliveryState.Queued, ClaimStatus.Unspecified), (washington.DeliveryState, washington.Status));
        Assert.Equal(DeliveryState.Queued, baghdad.DeliveryState);
        var waiting = await pair.Desk().GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });
        Assert.Equal([washington.Verdict.Name, baghdad.Verdict.Name], waiting.PendingDeliveries.Select(p => p.Verdict));
        Assert.Equal((ClaimStatus.Pending, ClaimStatus.Confirmed), (waiting.ClaimStatus, waiting.Status));

        pair.StartClaims();
        var claims = pair.ClaimsClient();
        await Eventually.Until(
            () => claims.GetClaimAsync(new GetClaimRequest { Name = agreement.Name }).ResponseAsync,
            c => c.Status == ClaimStatus.Confirmed, "the agreement to be CONFIRMED");

        var changes = await SampleVerdicts.StatusChangesAsync(claims, agreement.Name);
        Assert.Equal(AgreementConfirmedInOrder, changes.Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
        await AssertAllAppliedAsync(pair, agreement.Name);
    }

    [Fact]
    public async Task Deliveries_still_queued_when_the_verification_service_restarts_are_delivered_by_the_next_one()
    {
        await using var pair = new ServicePair();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());

        pair.Link.Cut();
        var washington = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));
        var baghdad = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm));
        Assert.Equal([DeliveryState.Queued, DeliveryState.Queued], new[] { washington.DeliveryState, baghdad.DeliveryState });

        await pair.RestartVerificationAsync();
        Assert.Empty(await SampleVerdicts.StatusChangesAsync(pair.ClaimsClient(), agreement.Name));
        pair.Link.Connect(pair.Claims);
        // The new instance starts on first use, finds the queued rows in the same database and delivers them.
        var verdicts = await Eventually.Until(
            () => pair.Desk().ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name }).ResponseAsync,
            r => r.Verdicts.All(v => v.DeliveryState != DeliveryState.Queued), "both verdicts to be delivered");

        Assert.Equal([washington.Verdict.Name, baghdad.Verdict.Name], verdicts.Verdicts.Select(v => v.Name));
        var changes = await SampleVerdicts.StatusChangesAsync(pair.ClaimsClient(), agreement.Name);
        Assert.Equal(AgreementConfirmedInOrder, changes.Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
        await AssertAllAppliedAsync(pair, agreement.Name);
    }

    [Fact]
    public async Task A_status_update_whose_response_is_lost_is_retried_without_applying_twice()
    {
        await using var pair = new ServicePair();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        pair.Link.LoseStatusResponses(1);

        var washington = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));

        Assert.Equal((DeliveryState.Applied, ClaimStatus.Pending), (washington.DeliveryState, washington.Status));
        Assert.Equal(2, pair.Link.StatusUpdatesSeen);
        var change = Assert.Single(await SampleVerdicts.StatusChangesAsync(pair.ClaimsClient(), agreement.Name));
        Assert.Equal("confirmed by Washington; awaiting Baghdad", change.Claim.StatusDetail);
    }

    [Fact]
    public async Task Two_parties_confirming_at_the_same_moment_end_confirmed_with_each_change_once()
    {
        await using var pair = new ServicePair();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        var desk = pair.Desk();

        var results = await Task.WhenAll(
            desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm)).ResponseAsync,
            desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm)).ResponseAsync);

        Assert.All(results, r => Assert.NotEqual(DeliveryState.Rejected, r.DeliveryState));
        var claims = pair.ClaimsClient();
        var claim = await Eventually.Until(
            () => claims.GetClaimAsync(new GetClaimRequest { Name = agreement.Name }).ResponseAsync,
            c => c.Status == ClaimStatus.Confirmed, "the agreement to be CONFIRMED");
        Assert.Equal("confirmed by Washington and Baghdad", claim.StatusDetail);

        var changes = await SampleVerdicts.StatusChangesAsync(claims, agreement.Name);
        Assert.Equal(2, changes.Count);
        Assert.Equal(ClaimStatus.Pending, changes[0].Claim.Status);
        Assert.Contains(changes[0].Claim.StatusDetail, (string[])["confirmed by Washington; awaiting Baghdad", "confirmed by Baghdad; awaiting Washington"]);
        Assert.Equal((ClaimStatus.Confirmed, "confirmed by Washington and Baghdad"), (changes[1].Claim.Status, changes[1].Claim.StatusDetail));
        await AssertAllAppliedAsync(pair, agreement.Name);
    }

    [Fact]
    public async Task A_stale_etag_is_resolved_by_reading_the_claim_again()
    {
        await using var pair = new ServicePair();
        var claims = pair.ClaimsClient();
        var agreement = await Samples.CreateAsync(claims, Samples.Agreement());
        // An editor changes the claim between our read and our write, so our etag is stale.
        pair.Link.BeforeNextStatusUpdate(async () =>
        {
            var edit = agreement.Clone();
            edit.Tags.Add("edited-meanwhile");
            await claims.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new() { Paths = { "tags" } } });
        });

        var washington = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));

        Assert.Equal((DeliveryState.Applied, ClaimStatus.Pending), (washington.DeliveryState, washington.Status));
        Assert.Equal(2, pair.Link.StatusUpdatesSeen);
        var history = await claims.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = agreement.Name });
        Assert.Equal(
            [ClaimEventType.Created, ClaimEventType.Updated, ClaimEventType.StatusChanged],
            history.Events.Select(e => e.Type));
        Assert.Contains("edited-meanwhile", history.Events[^1].Claim.Tags);
    }

    [Fact]
    public async Task Verdicts_queued_for_a_missing_or_retracted_claim_are_rejected_with_the_reason_never_dropped()
    {
        await using var pair = new ServicePair();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        var desk = pair.Desk();

        pair.Link.Cut();
        var missing = await desk.RecordVerdictAsync(SampleVerdicts.Verdict("claims/never-created", "Washington", VerdictDecision.Confirm));
        var retraction = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Retract));
        var late = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm));
        Assert.All(new[] { missing, retraction, late }, r => Assert.Equal(DeliveryState.Queued, r.DeliveryState));

        pair.Link.Connect(pair.Claims);
        var onMissing = await Eventually.Until(
            () => desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = "claims/never-created" }).ResponseAsync,
            r => r.Verdicts.Single().DeliveryState != DeliveryState.Queued, "the verdict on the missing claim to be settled");
        var onAgreement = await Eventually.Until(
            () => desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name }).ResponseAsync,
            r => r.Verdicts.All(v => v.DeliveryState != DeliveryState.Queued), "the agreement's verdicts to be settled");

        var rejectedMissing = onMissing.Verdicts.Single();
        Assert.Equal(DeliveryState.Rejected, rejectedMissing.DeliveryState);
        Assert.Equal("the claims service has no claim 'claims/never-created'", rejectedMissing.DeliveryReason);
        Assert.Equal(
            [(DeliveryState.Applied, ClaimStatus.Retracted, ""), (DeliveryState.Rejected, ClaimStatus.Unspecified, "the claim is RETRACTED, which is final")],
            onAgreement.Verdicts.Select(v => (v.DeliveryState, v.ResultingStatus, v.DeliveryReason)));

        var summary = await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });
        Assert.Equal([late.Verdict.Name], summary.RejectedVerdicts.Select(v => v.Name));
        Assert.Equal(["Washington"], summary.LatestVerdicts.Select(v => v.Party));
        Assert.Equal(ClaimStatus.Retracted, summary.Status);
        var missingSummary = await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = "claims/never-created" });
        Assert.True(missingSummary.ClaimMissing);
        Assert.Equal([missing.Verdict.Name], missingSummary.RejectedVerdicts.Select(v => v.Name));
        var change = Assert.Single(await SampleVerdicts.StatusChangesAsync(pair.ClaimsClient(), agreement.Name));
        Assert.Equal(ClaimStatus.Retracted, change.Claim.Status);
    }

    /// <summary>
    /// Every verdict on <paramref name="claim"/> ends APPLIED, none queued or rejected. The claims
    /// service applies a status before the verification service marks the verdict's row, so the
    /// claim may read CONFIRMED a moment before its verdicts do: wait for them to settle first.
    /// </summary>
    private static async Task AssertAllAppliedAsync(ServicePair pair, string claim)
    {
        var verdicts = await Eventually.Until(
            () => pair.Desk().ListVerdictsAsync(new ListVerdictsRequest { Claim = claim }).ResponseAsync,
            r => r.Verdicts.All(v => v.DeliveryState != DeliveryState.Queued), $"the verdicts on {claim} to be settled",
            describe: r => string.Join(", ", r.Verdicts.Select(v => $"{v.Party}={v.DeliveryState}")));
        Assert.All(verdicts.Verdicts, v => Assert.Equal(DeliveryState.Applied, v.DeliveryState));
        var summary = await pair.Desk().GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = claim });
        Assert.Empty(summary.PendingDeliveries);
        Assert.Empty(summary.RejectedVerdicts);
    }
}
