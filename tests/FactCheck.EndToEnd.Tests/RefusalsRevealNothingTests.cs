using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Grpc.Core;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// A caller without the right key learns nothing about which claims exist: UNAUTHENTICATED and
/// PERMISSION_DENIED read the same, status, message and details, for a claim that exists and
/// for one that does not.
/// </summary>
public sealed class RefusalsRevealNothingTests
{
    [Fact]
    public async Task A_refusal_reads_the_same_for_a_claim_that_exists_and_for_one_that_does_not()
    {
        await using var services = new ServicePair();
        var existing = (await services.ClaimsClient().CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") })).Name;
        const string missing = "claims/never-created";
        // The contrast: a caller who may read does learn which exists.
        await services.Claims.Client(TestKeys.Reader).GetClaimAsync(new GetClaimRequest { Name = existing });
        await RpcAssert.FailsWith(StatusCode.NotFound, () => services.Claims.Client(TestKeys.Reader).GetClaimAsync(new GetClaimRequest { Name = missing }).ResponseAsync);

        var claims = (TestKey? key) => services.Claims.Client(key);
        var wrongClaims = services.Claims.ClientWithRawKey("wrong-key");
        var verification = (TestKey? key) => services.Verification.Client(key);
        var refusals = new (string Call, Func<string, Task> Make)[]
        {
            ("GetClaim without a key", name => claims(null).GetClaimAsync(new GetClaimRequest { Name = name }).ResponseAsync),
            ("ListClaimHistory with a wrong key", name => wrongClaims.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = name }).ResponseAsync),
            ("UpdateClaim as a reader", name => claims(TestKeys.Reader).UpdateClaimAsync(new UpdateClaimRequest { Claim = new Claim { Name = name, Text = "Edited." } }).ResponseAsync),
            ("UpdateClaimStatus as an editor", name => claims(TestKeys.Newsroom).UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = name, Status = ClaimStatus.Confirmed, Reason = "r" }).ResponseAsync),
            ("RecordVerdict as a reader", name => verification(TestKeys.Reader).RecordVerdictAsync(SampleVerdicts.Verdict(name, "Washington", VerdictDecision.Confirm)).ResponseAsync),
            ("GetVerificationSummary without a key", name => verification(null).GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = name }).ResponseAsync),
        };

        foreach (var (call, make) in refusals)
        {
            var onExisting = await Assert.ThrowsAsync<RpcException>(() => make(existing));
            var onMissing = await Assert.ThrowsAsync<RpcException>(() => make(missing));

            Assert.True(onExisting.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied, $"{call}: {onExisting.Status}");
            Assert.Equal((call, onExisting.StatusCode, onExisting.Status.Detail, Details(onExisting)), (call, onMissing.StatusCode, onMissing.Status.Detail, Details(onMissing)));
            Assert.DoesNotContain("agreement", onExisting.Status.Detail, StringComparison.Ordinal);
        }
    }

    private static string Details(RpcException error) =>
        Convert.ToBase64String(error.Trailers.GetValueBytes("grpc-status-details-bin") ?? []);
}
