using FactCheck.Contracts.V1;
using FactCheck.Testing;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// The verification service given several claims-service addresses, on SQLite (no PostgreSQL
/// needed): an address where nothing listens is skipped for the next one.
/// </summary>
public sealed class ClaimsFailoverTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-failover-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_verdict_is_applied_through_the_next_address_when_the_first_refuses_connections()
    {
        await using var claims = await ServiceProcess.StartAsync(ClaimsAssembly, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "sqlite",
            ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
        });
        var environment = VerificationEnvironment("sqlite", _folder.VerificationDb, "");
        // The list form: the first entry is a loopback port nobody listens on.
        environment.Remove("ClaimsService__Url");
        environment["ClaimsService__Urls__0"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        environment["ClaimsService__Urls__1"] = claims.Address.ToString();
        await using var verification = await ServiceProcess.StartAsync(VerificationAssembly, environment);
        var claimsClient = new ClaimsService.ClaimsServiceClient(claims.Channel());
        var desk = new VerificationService.VerificationServiceClient(verification.Channel());
        var agreement = await claimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);

        await ConfirmAgreementAndAssertAppliedAsync(desk, claimsClient, agreement.Name, claims, verification);

        Assert.Contains("calls now go to", verification.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_address_list_stops_the_service_at_start_with_a_clear_message()
    {
        var environment = VerificationEnvironment("sqlite", _folder.VerificationDb, "http://127.0.0.1:5101; claims-b:5101");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(VerificationAssembly, environment));

        Assert.Contains("ClaimsService:Url: 'claims-b:5101' is not an absolute http or https URL", failure.Message, StringComparison.Ordinal);
    }
}
