using FactCheck.Testing;
using FactCheck.Contracts.V1;
using FactCheck.Verification.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>RecordVerdict's edge: validation of every field, refusals, idempotency and roles; and the other methods' validation.</summary>
public class RecordVerdictTests
{
    [Fact]
    public async Task Every_invalid_field_is_named_with_what_is_wrong()
    {
        await using var pair = new ServicePair();
        var desk = pair.Desk();
        var request = new RecordVerdictRequest
        {
            Verdict = new Verdict
            {
                Claim = "agreements/1",
                Party = new string('p', 101),
                Official = new string('o', 201),
                Decision = (VerdictDecision)99,
                Evidence =
                {
                    new Evidence(),
                    new Evidence { Url = "ftp://example.org/statement" },
                    new Evidence { Url = "https://example.org/" + new string('u', 2000) },
                    new Evidence { Quote = new string('q', 4001) },
                    new Evidence { Quote = "ok", ObservedTime = new Timestamp { Seconds = 253_402_300_800 } },
                },
                Note = new string('n', 2001),
            },
            RequestId = new string('r', 101),
        };

        var fields = await RpcAssert.InvalidFields(() => desk.RecordVerdictAsync(request).ResponseAsync, "verification.factcheck.v1");

        Assert.Equal(
            [
                "request_id", "verdict.claim", "verdict.decision", "verdict.evidence[0]", "verdict.evidence[1].url", "verdict.evidence[2].url",
                "verdict.evidence[3].quote", "verdict.evidence[4].observed_time", "verdict.note", "verdict.official", "verdict.party",
            ],
            fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("must be a claim name 'claims/{claim_id}' (got 'agreements/1')", fields["verdict.claim"]);
        Assert.Equal("unknown decision value 99", fields["verdict.decision"]);
        Assert.Equal("needs a url or a quote", fields["verdict.evidence[0]"]);
        Assert.Contains("absolute http or https URL", fields["verdict.evidence[1].url"], StringComparison.Ordinal);
        Assert.Contains("at most 2000 characters", fields["verdict.evidence[2].url"], StringComparison.Ordinal);
        Assert.Contains("at most 4000 characters", fields["verdict.evidence[3].quote"], StringComparison.Ordinal);
        Assert.Contains("not a valid timestamp", fields["verdict.evidence[4].observed_time"], StringComparison.Ordinal);
        Assert.Contains("at most 2000 characters", fields["verdict.note"], StringComparison.Ordinal);
        Assert.Contains("at most 200 characters", fields["verdict.official"], StringComparison.Ordinal);
        Assert.Contains("at most 100 characters", fields["verdict.party"], StringComparison.Ordinal);
        Assert.Contains("at most 100 characters", fields["request_id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_values_are_named_too()
    {
        await using var pair = new ServicePair();
        var desk = pair.Desk();

        var noVerdict = await RpcAssert.InvalidFields(() => desk.RecordVerdictAsync(new RecordVerdictRequest()).ResponseAsync, "verification.factcheck.v1");
        Assert.Equal(["verdict"], noVerdict.Keys);

        var empty = await RpcAssert.InvalidFields(() => desk.RecordVerdictAsync(new RecordVerdictRequest { Verdict = new Verdict { Party = "  " } }).ResponseAsync, "verification.factcheck.v1");
        Assert.Equal(["verdict.claim", "verdict.decision", "verdict.evidence", "verdict.party"], empty.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("is required", empty["verdict.claim"], StringComparison.Ordinal);
        Assert.Contains("is required", empty["verdict.decision"], StringComparison.Ordinal);
        Assert.Contains("at least one item", empty["verdict.evidence"], StringComparison.Ordinal);
        Assert.Contains("is required", empty["verdict.party"], StringComparison.Ordinal);

        var tooMuch = SampleVerdicts.Verdict("claims/agreement", "Washington", VerdictDecision.Confirm);
        tooMuch.Verdict.Evidence.AddRange(Enumerable.Range(0, 20).Select(i => new Evidence { Quote = $"statement {i}" }));
        var evidence = await RpcAssert.InvalidFields(() => desk.RecordVerdictAsync(tooMuch).ResponseAsync, "verification.factcheck.v1");
        Assert.Equal("must have at most 20 entries (got 21)", evidence["verdict.evidence"]);
    }

    [Fact]
    public async Task ListVerdicts_and_GetVerificationSummary_check_their_fields()
    {
        await using var pair = new ServicePair();
        var desk = pair.Desk();

        var list = await RpcAssert.InvalidFields(() => desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = "claims/Bad Id", PageSize = -1, PageToken = "not-a-token" }).ResponseAsync, "verification.factcheck.v1");
        Assert.Equal(["claim", "page_size", "page_token"], list.Keys.Order(StringComparer.Ordinal));

        var summary = await RpcAssert.InvalidFields(() => desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest()).ResponseAsync, "verification.factcheck.v1");
        Assert.Equal(["claim"], summary.Keys);
    }

    [Fact]
    public async Task A_verdict_on_a_claim_that_does_not_exist_is_refused_and_not_recorded()
    {
        await using var pair = new ServicePair();
        var desk = pair.Desk();

        var error = await RpcAssert.FailsWith(StatusCode.NotFound,
            () => desk.RecordVerdictAsync(SampleVerdicts.Verdict("claims/no-such-claim", "Washington", VerdictDecision.Confirm)).ResponseAsync);

        Assert.Equal(("CLAIM_NOT_FOUND", "verification.factcheck.v1", "claims/no-such-claim"),
            (RpcAssert.Info(error).Reason, RpcAssert.Info(error).Domain, RpcAssert.Info(error).Metadata["claim"]));
        var verdicts = await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = "claims/no-such-claim" });
        Assert.Empty(verdicts.Verdicts);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = "claims/no-such-claim" }).ResponseAsync);
    }

    [Fact]
    public async Task A_retracted_claim_takes_no_further_verdicts()
    {
        await using var pair = new ServicePair();
        var desk = pair.Desk();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());

        var retraction = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Retract));
        Assert.Equal((DeliveryState.Applied, ClaimStatus.Retracted, "retracted according to Washington"),
            (retraction.DeliveryState, retraction.Status, retraction.StatusDetail));

        var error = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            () => desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm)).ResponseAsync);

        Assert.Equal("CLAIM_RETRACTED", RpcAssert.Info(error).Reason);
        Assert.Contains("RETRACTED, which is final", error.Status.Detail, StringComparison.Ordinal);
        var verdicts = await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name });
        Assert.Equal(["Washington"], verdicts.Verdicts.Select(v => v.Party));
    }

    [Fact]
    public async Task The_same_request_twice_records_and_applies_once()
    {
        await using var pair = new ServicePair();
        var desk = pair.Desk();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        var request = SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm, requestId: "desk-2025-03-01-washington");

        var first = await desk.RecordVerdictAsync(request);
        var second = await desk.RecordVerdictAsync(request);

        Assert.Equal(first.Verdict, second.Verdict);
        Assert.Equal((DeliveryState.Applied, ClaimStatus.Pending), (second.DeliveryState, second.Status));
        var verdicts = await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name });
        Assert.Single(verdicts.Verdicts);
        Assert.Single(await SampleVerdicts.StatusChangesAsync(pair.ClaimsClient(), agreement.Name));

        var other = SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm, requestId: "desk-2025-03-01-washington");
        var error = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => desk.RecordVerdictAsync(other).ResponseAsync);
        Assert.Equal("REQUEST_ID_REUSED", RpcAssert.Info(error).Reason);
        Assert.Single((await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name })).Verdicts);
    }

    [Fact]
    public async Task Recording_needs_the_verifier_role_and_reading_the_reader_role()
    {
        await using var pair = new ServicePair();
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        var verdict = SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm);

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => pair.Verification.Client(null).RecordVerdictAsync(verdict).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => new VerificationService.VerificationServiceClient(pair.Verification.Channel().WithKey("wrong-key")).ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name }).ResponseAsync);
        var reader = pair.Verification.Client(TestKeys.Reader);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => reader.RecordVerdictAsync(verdict).ResponseAsync);

        var verdicts = await reader.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name });
        Assert.Empty(verdicts.Verdicts);
        var summary = await reader.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });
        Assert.Equal(["Washington", "Baghdad"], summary.AwaitedParties);
    }
}
