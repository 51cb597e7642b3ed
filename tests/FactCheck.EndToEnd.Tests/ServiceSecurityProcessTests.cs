using FactCheck.Contracts.V1;
using FactCheck.Domain;
using FactCheck.Testing;
using Grpc.Core;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// Keys and the start-up rules on real processes: an open service refuses to start on a
/// wildcard address whichever setting names it (the REST port's included), before it opens the port; keys given as
/// environment variables and as mounted files work; and no key reaches the log.
/// </summary>
public sealed class ServiceSecurityProcessTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-security-");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("claims", "urls")]
    [InlineData("claims", "Kestrel:Endpoints")]
    [InlineData("verification", "urls")]
    [InlineData("verification", "Kestrel:Endpoints")]
    [InlineData("claims", "Rest:Url")]
    [InlineData("verification", "Rest:Url")]
    public async Task An_open_service_refuses_to_start_on_a_wildcard_address_and_never_listens(string service, string setting)
    {
        var port = ServiceProcess.FreePort();
        var (assembly, environment, database) = service == "claims"
            ? (ClaimsAssembly, new Dictionary<string, string> { ["ConnectionStrings__Claims"] = _folder.ClaimsDb }, "claims.db")
            : (VerificationAssembly, VerificationEnvironment("sqlite", _folder.VerificationDb, "http://127.0.0.1:1"), "verification.db");
        string[] arguments;
        string named;
        if (setting == "urls")
        {
            arguments = ["--urls", $"http://0.0.0.0:{port}"];
            named = $"http://0.0.0.0:{port} (urls)";
        }
        else if (setting == "Rest:Url")
        {
            environment[ServiceProcess.RestUrlVariable] = $"http://0.0.0.0:{port}";
            arguments = ["--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}"];
            named = $"http://0.0.0.0:{port} (Rest:Url)";
        }
        else
        {
            // Kestrel listens on its configured endpoints instead of --urls (here a loopback port of its own).
            environment["Kestrel__Endpoints__Public__Url"] = $"http://0.0.0.0:{port}";
            arguments = ["--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}"];
            named = $"http://0.0.0.0:{port} (Kestrel:Endpoints:Public:Url)";
        }

        var refused = await ServiceProcess.RunToRefusalAsync(assembly, environment, arguments, port);

        Assert.True(refused.ExitCode == FactCheck.ServiceDefaults.ServiceStartup.RefusedExitCode, $"exit code {refused.ExitCode}:\n{refused.Output}");
        Assert.Contains($"No API keys are configured (Auth:Keys), so the service may only listen on a loopback address, not {named}.", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", refused.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File(database)), $"the refused {service} service created its database");
    }

    [Fact]
    public async Task Keys_from_files_and_from_environment_variables_work_and_no_key_reaches_a_trace_level_log()
    {
        // The claims service reads its keys from a mounted directory, beside a file that is no key setting.
        var keysDirectory = _folder.File("claims-keys");
        TestKeys.WriteFiles(keysDirectory, TestKeys.Claims);
        File.WriteAllText(Path.Combine(keysDirectory, "ConnectionStrings__Claims"), "Data Source=/nowhere/claims.db");
        var everything = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Trace", ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace" };
        await using var claims = await ServiceProcess.StartAsync(ClaimsAssembly, new Dictionary<string, string>(everything)
        {
            ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
            ["Auth__KeysDirectory"] = keysDirectory,
        });
        // The verification service reads them from environment variables, and presents its own key to the claims service.
        var verificationEnvironment = VerificationEnvironment("sqlite", _folder.VerificationDb, claims.Address.ToString());
        foreach (var (name, value) in TestKeys.Environment(TestKeys.Verification).Concat(everything))
        {
            verificationEnvironment[name] = value;
        }

        verificationEnvironment["ClaimsService__ApiKey"] = TestKeys.Delivery.Key;
        await using var verification = await ServiceProcess.StartAsync(VerificationAssembly, verificationEnvironment);
        var wrongKey = ApiKeys.NewKey();

        var newsroom = new ClaimsService.ClaimsServiceClient(claims.Channel().WithKey(TestKeys.Newsroom.Key));
        var agreement = await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);
        var desk = new VerificationService.VerificationServiceClient(verification.Channel().WithKey(TestKeys.Desk.Key));
        var verdict = await desk.RecordVerdictAsync(Confirm(agreement.Name, "Washington"), deadline: Deadline);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => new ClaimsService.ClaimsServiceClient(claims.Channel().WithKey(wrongKey)).GetClaimAsync(new GetClaimRequest { Name = agreement.Name }, deadline: Deadline).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => new VerificationService.VerificationServiceClient(verification.Channel().WithKey(wrongKey)).ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name }, deadline: Deadline).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => new ClaimsService.ClaimsServiceClient(claims.Channel().WithKey(TestKeys.Reader.Key)).CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline).ResponseAsync);

        Assert.True(verdict.DeliveryState == DeliveryState.Applied, $"{verdict}\n{Outputs(claims, verification)}");
        var history = await newsroom.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = agreement.Name }, deadline: Deadline);
        Assert.Equal([TestKeys.Newsroom.Actor, TestKeys.Delivery.Actor], history.Events.Select(e => e.Actor));
        Assert.Contains("API keys: fact-desk (Verifier), newsroom (Editor), operator (Admin), reader (Reader), verification-service (Verifier)", claims.Output, StringComparison.Ordinal);
        Assert.Contains("API keys: fact-desk (Verifier), newsroom (Editor), operator (Admin), reader (Reader)", verification.Output, StringComparison.Ordinal);
        foreach (var key in TestKeys.Claims.Select(k => k.Key).Append(wrongKey))
        {
            Assert.False(claims.Output.Contains(key, StringComparison.Ordinal) || verification.Output.Contains(key, StringComparison.Ordinal), $"a log holds the key '{key}':\n{Outputs(claims, verification)}");
        }
    }
}
