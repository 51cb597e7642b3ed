using FactCheck.Contracts.V1;
using FactCheck.Testing;

namespace FactCheck.Verification.Tests.BadInput;

public sealed class ConfiguredVerdictLimitsTests
{
    [Fact]
    public async Task The_verification_service_reads_its_limits_from_configuration()
    {
        await using var pair = new ServicePair(settings: new Dictionary<string, string?> { ["Limits:MaxNote"] = "10", ["Limits:MaxParty"] = "12" });
        var request = SampleVerdicts.Verdict("claims/agreement", "Washington DC", VerdictDecision.Confirm);
        request.Verdict.Note = new string('n', 11);

        var fields = await RpcAssert.InvalidFields(() => pair.Desk().RecordVerdictAsync(request).ResponseAsync, "verification.factcheck.v1");

        Assert.Equal("must be at most 10 characters (got 11)", fields["verdict.note"]);
        Assert.Equal("must be at most 12 characters (got 13)", fields["verdict.party"]);
    }
}
