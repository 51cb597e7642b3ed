using System.Net;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// TLS between real processes: the claims service serves a certificate of the test's own CA
/// through Kestrel's standard settings, and the verification service reaches it over https,
/// trusting that CA from <c>ClaimsService__CaFile</c>. A CA that did not sign the certificate
/// keeps verdicts queued (never lost) with the reason in the log; a CA file that cannot be used
/// stops the start. One TLS port serves gRPC and REST alike.
/// </summary>
public sealed class TlsProcessTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-tls-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Verdicts_reach_the_claims_service_over_TLS_when_the_verification_service_trusts_its_CA()
    {
        using var ca = TestCa.Create(_folder.File("ca"), "factcheck-test-ca");
        await using var claims = await StartClaimsAsync(ca.Issue("claims", [IPAddress.Loopback]));
        await using var verification = await StartVerificationAsync(claims.Address, ca.CertificatePath);
        var claimsClient = new ClaimsService.ClaimsServiceClient(claims.Channel());
        var desk = new VerificationService.VerificationServiceClient(verification.Channel());
        var agreement = await claimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);

        await ConfirmAgreementAndAssertAppliedAsync(desk, claimsClient, agreement.Name, claims, verification);
    }

    [Fact]
    public async Task A_certificate_the_configured_CA_did_not_sign_keeps_verdicts_queued_until_the_right_CA_is_configured()
    {
        using var ca = TestCa.Create(_folder.File("ca"), "factcheck-test-ca");
        using var other = TestCa.Create(_folder.File("other-ca"), "someone-elses-ca");
        await using var claims = await StartClaimsAsync(ca.Issue("claims", [IPAddress.Loopback]));
        var claimsClient = new ClaimsService.ClaimsServiceClient(claims.Channel());
        var agreement = await claimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);

        ServiceProcess? verification = await StartVerificationAsync(claims.Address, other.CertificatePath);
        try
        {
            var washington = await new VerificationService.VerificationServiceClient(verification.Channel())
                .RecordVerdictAsync(Confirm(agreement.Name, "Washington"), deadline: Deadline);

            Assert.Equal(DeliveryState.Queued, washington.DeliveryState);
            await Eventually.Until(() => Task.FromResult(verification.Output), o => o.Contains($"is not signed by the CA in {other.CertificatePath}", StringComparison.Ordinal),
                "the verification service to log why the claims service's certificate is refused");
            var unchanged = await claimsClient.GetClaimAsync(new GetClaimRequest { Name = agreement.Name }, deadline: Deadline);
            Assert.Equal(agreement.Etag, unchanged.Etag);
        }
        finally
        {
            await verification.DisposeAsync();
        }

        // The same database, now trusting the CA that did sign: the queued verdict goes through.
        verification = await StartVerificationAsync(claims.Address, ca.CertificatePath);
        await using (verification)
        {
            var applied = await Eventually.Until(
                () => claimsClient.GetClaimAsync(new GetClaimRequest { Name = agreement.Name }, deadline: Deadline).ResponseAsync,
                c => c.StatusDetail == AgreementConfirmedInOrder[0].Detail,
                "the queued verdict to be applied once the CA is trusted");
            Assert.Equal(ClaimStatus.Pending, applied.Status);
        }
    }

    [Fact]
    public async Task Failover_across_several_https_addresses_keeps_trusting_the_configured_CA()
    {
        using var ca = TestCa.Create(_folder.File("ca"), "factcheck-test-ca");
        await using var claims = await StartClaimsAsync(ca.Issue("claims", [IPAddress.Loopback]));
        // The first address refuses connections: calls go to the second, over TLS, checked against the CA.
        var nobody = new Uri($"https://127.0.0.1:{ServiceProcess.FreePort()}");
        await using var verification = await StartVerificationAsync($"{nobody};{claims.Address}", ca.CertificatePath);
        var claimsClient = new ClaimsService.ClaimsServiceClient(claims.Channel());
        var desk = new VerificationService.VerificationServiceClient(verification.Channel());
        var agreement = await claimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);

        await ConfirmAgreementAndAssertAppliedAsync(desk, claimsClient, agreement.Name, claims, verification);

        Assert.Contains("calls now go to", verification.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "ClaimsService:CaFile: cannot read")]
    [InlineData("not a certificate", "holds no certificate")]
    public async Task A_CA_file_that_cannot_be_used_stops_the_verification_service_at_start(string file, string expected)
    {
        var path = _folder.File("ca.pem");
        if (file != "missing")
        {
            File.WriteAllText(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        }

        var port = ServiceProcess.FreePort();
        var environment = VerificationEnvironment("sqlite", _folder.VerificationDb, "https://127.0.0.1:1");
        environment["ClaimsService__CaFile"] = path;

        var refused = await ServiceProcess.RunToRefusalAsync(VerificationAssembly, environment, ["--urls", $"http://127.0.0.1:{port}"], port);

        Assert.True(refused.ExitCode == FactCheck.ServiceDefaults.ServiceStartup.RefusedExitCode, $"exit code {refused.ExitCode}:\n{refused.Output}");
        Assert.Contains(expected, refused.Output, StringComparison.Ordinal);
        Assert.Contains(path, refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_TLS_port_serves_grpc_and_rest_and_the_openapi_document_with_the_rest_port_off()
    {
        using var ca = TestCa.Create(_folder.File("ca"), "factcheck-test-ca");
        await using var claims = await ServiceProcess.StartAsync(ClaimsAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
            [ServiceProcess.RestUrlVariable] = "off",
        }, tls: ca.Issue("claims", [IPAddress.Loopback]));
        var grpc = new ClaimsService.ClaimsServiceClient(claims.Channel());
        var trusting = new SocketsHttpHandler();
        FactCheck.Tls.TrustedCa.Load(ca.CertificatePath, "the test's CA").ApplyTo(trusting.SslOptions);
        using var rest = RestAssert.Client(claims.Address, key: null, trusting);

        var created = await grpc.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement(), ClaimId = "agreement" }, deadline: Deadline);
        var overHttp1 = await rest.GetAsync("/v1/claims/agreement");
        var overHttp2 = await rest.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/claims/agreement") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        var openApi = await rest.GetAsync("/openapi/v1.json");

        Assert.Equal(new Version(1, 1), overHttp1.Version);
        Assert.Equal(created, await RestAssert.Ok<Claim>(overHttp1));
        Assert.Equal(new Version(2, 0), overHttp2.Version);
        Assert.Equal(created, await RestAssert.Ok<Claim>(overHttp2));
        Assert.True(openApi.IsSuccessStatusCode, $"{(int)openApi.StatusCode}");
        Assert.Single(claims.Output.Split('\n'), l => l.Contains("Now listening on:", StringComparison.Ordinal));
    }

    private Task<ServiceProcess> StartClaimsAsync(TestServerCertificate certificate) =>
        ServiceProcess.StartAsync(ClaimsAssembly, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "sqlite",
            ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
        }, tls: certificate);

    private Task<ServiceProcess> StartVerificationAsync(Uri claimsAddress, string caFile) =>
        StartVerificationAsync(claimsAddress.ToString(), caFile);

    private Task<ServiceProcess> StartVerificationAsync(string claimsUrl, string caFile)
    {
        var environment = VerificationEnvironment("sqlite", _folder.VerificationDb, claimsUrl);
        environment["ClaimsService__CaFile"] = caFile;
        return ServiceProcess.StartAsync(VerificationAssembly, environment);
    }
}
