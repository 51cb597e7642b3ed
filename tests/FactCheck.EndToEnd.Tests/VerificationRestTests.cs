using System.Net;
using System.Text.Json;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Rpc;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// The verification service's REST port on real processes with keys: verdicts recorded over REST
/// are delivered to the claims service as over gRPC, under the same roles and idempotency, its
/// refusals are JSON statuses with their details, and its OpenAPI document lists its methods.
/// </summary>
public sealed class VerificationRestTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-verification-rest-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Verdicts_recorded_over_rest_reach_the_claims_service_under_the_same_keys_roles_and_request_ids()
    {
        var claimsEnvironment = TestKeys.Environment(TestKeys.Claims);
        claimsEnvironment["ConnectionStrings__Claims"] = _folder.ClaimsDb;
        claimsEnvironment["Matching__Semantic"] = "false";
        await using var claims = await ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment);
        var verificationEnvironment = VerificationEnvironment("sqlite", _folder.VerificationDb, claims.Address.ToString());
        foreach (var (name, value) in TestKeys.Environment(TestKeys.Verification))
        {
            verificationEnvironment[name] = value;
        }

        verificationEnvironment["ClaimsService__ApiKey"] = TestKeys.Delivery.Key;
        await using var verification = await ServiceProcess.StartAsync(VerificationAssembly, verificationEnvironment);
        using var newsroom = RestAssert.Client(claims.RestAddress!, TestKeys.Newsroom);
        using var desk = RestAssert.Client(verification.RestAddress!, TestKeys.Desk);
        using var reader = RestAssert.Client(verification.RestAddress!, TestKeys.Reader);
        using var anonymous = RestAssert.Client(verification.RestAddress!, key: null);
        await RestAssert.Ok<Claim>(await newsroom.PostAsync("/v1/claims?claimId=agreement", RestAssert.Json(Agreement())));
        var washington = Confirm("claims/agreement", "Washington").Verdict;

        var first = await RestAssert.Ok<RecordVerdictResponse>(await desk.PostAsync("/v1/claims/agreement/verdicts?requestId=rest-washington", RestAssert.Json(washington)));
        var retry = await RestAssert.Ok<RecordVerdictResponse>(await desk.PostAsync("/v1/claims/agreement/verdicts?requestId=rest-washington", RestAssert.Json(washington)));
        var byReader = await reader.PostAsync("/v1/claims/agreement/verdicts", RestAssert.Json(Confirm("claims/agreement", "Baghdad").Verdict));
        var withoutKey = await anonymous.GetAsync("/v1/claims/agreement/verdicts");
        var noParty = await desk.PostAsync("/v1/claims/agreement/verdicts", RestAssert.Json("""{"decision": "VERDICT_DECISION_CONFIRM", "evidence": [{"quote": "Approved."}]}"""));
        var unknownClaim = await desk.PostAsync("/v1/claims/no-such-claim/verdicts", RestAssert.Json(Confirm("claims/no-such-claim", "Washington").Verdict));
        var verdicts = await RestAssert.Ok<ListVerdictsResponse>(await reader.GetAsync("/v1/claims/agreement/verdicts"));
        var summary = await RestAssert.Ok<VerificationSummary>(await reader.GetAsync("/v1/claims/agreement/verificationSummary"));

        Assert.Equal((DeliveryState.Applied, ClaimStatus.Pending, AgreementConfirmedInOrder[0].Detail), (first.DeliveryState, first.Status, first.StatusDetail));
        Assert.Equal(("claims/agreement", "fact-desk"), (first.Verdict.Claim, first.Verdict.Recorder));
        Assert.Equal(first.Verdict.Name, retry.Verdict.Name);
        Assert.Equal("ROLE_TOO_LOW", RestAssert.Info(await RestAssert.Fails(HttpStatusCode.Forbidden, Code.PermissionDenied, byReader)).Reason);
        Assert.Equal("API_KEY_MISSING", RestAssert.Info(await RestAssert.Fails(HttpStatusCode.Unauthorized, Code.Unauthenticated, withoutKey)).Reason);
        var invalid = await RestAssert.Fails(HttpStatusCode.BadRequest, Code.InvalidArgument, noParty);
        Assert.Equal("verification.factcheck.v1", RestAssert.Info(invalid).Domain);
        Assert.Contains("verdict.party", RestAssert.Violations(invalid).Keys);
        await RestAssert.Fails(HttpStatusCode.NotFound, Code.NotFound, unknownClaim);
        Assert.Equal([first.Verdict.Name], verdicts.Verdicts.Select(v => v.Name));
        Assert.Equal(["Baghdad"], summary.AwaitedParties);
        var claim = await RestAssert.Ok<Claim>(await newsroom.GetAsync("/v1/claims/agreement"));
        Assert.Equal((ClaimStatus.Pending, AgreementConfirmedInOrder[0].Detail), (claim.Status, claim.StatusDetail));
    }

    [Fact]
    public async Task The_verification_openapi_document_lists_its_rest_methods_with_the_proto_comments()
    {
        await using var verification = await ServiceProcess.StartAsync(VerificationAssembly,
            VerificationEnvironment("sqlite", _folder.VerificationDb, "http://127.0.0.1:1"));
        using var anonymous = RestAssert.Client(verification.RestAddress!, key: null);

        using var document = JsonDocument.Parse(await (await anonymous.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync());

        Assert.Equal(RestAssert.Mappings(VerificationService.Descriptor).Concat(RestAssert.Mappings(AdminService.Descriptor)).Order(), RestAssert.Operations(document.RootElement).Order());
        Assert.Equal(3 + 1 + 1, RestAssert.Operations(document.RootElement).Count);
        Assert.StartsWith("Records one party's verdict on one claim",
            document.RootElement.GetProperty("paths").GetProperty("/v1/claims/{verdict.claim}/verdicts").GetProperty("post").GetProperty("summary").GetString(), StringComparison.Ordinal);
    }
}
