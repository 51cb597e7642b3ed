using System.Net;
using FactCheck.Claims.Grpc;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Tests.Support;
using FactCheck.Contracts.V1;
using FactCheck.Testing;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>
/// The tool over TLS to a real claims service process that serves a certificate of the test's own
/// CA through Kestrel's standard settings: trusted with --ca-file or FACTCHECK_CA_FILE, and refused,
/// with the reason, when the certificate is not the CA's or does not name the host dialled.
/// </summary>
public sealed class TlsConnectionTests(TlsConnectionTests.TlsClaims service) : IClassFixture<TlsConnectionTests.TlsClaims>
{
    [Fact]
    public async Task With_the_ca_file_the_tool_reads_and_writes_claims_over_TLS()
    {
        var cli = Cli();

        await cli.OkAsync("claims", "add", "--id", "tls-written", "--text", "The claims service answers over TLS.",
            "--source", "https://example.org/tls", "--ca-file", service.Ca.CertificatePath);
        var got = await cli.OkAsync("claims", "get", "agreement", "-o", "json", "--ca-file", service.Ca.CertificatePath);
        var written = await cli.OkAsync("claims", "get", "tls-written", "-o", "json", "--ca-file", service.Ca.CertificatePath);

        Assert.Equal("claims/agreement", got.Json().GetProperty("claim").GetProperty("name").GetString());
        Assert.Equal("The claims service answers over TLS.", written.Json().GetProperty("claim").GetProperty("text").GetString());
    }

    [Fact]
    public async Task FACTCHECK_CA_FILE_is_the_fallback_for_the_option()
    {
        var cli = Cli(new() { ["FACTCHECK_CA_FILE"] = service.Ca.CertificatePath });

        var got = await cli.OkAsync("claims", "get", "agreement");

        Assert.Contains("agreement", got.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_ca_file_the_system_roots_refuse_the_certificate_and_the_error_says_so()
    {
        var result = await Cli().ExpectAsync(ExitCodes.Unreachable, "claims", "get", "agreement");

        Assert.StartsWith($"error: no TLS connection to the claims service at {service.Process.Address}: ", result.Error, StringComparison.Ordinal);
        // The server sends its own certificate only, so the platform cannot complete the chain to any root it trusts.
        Assert.Contains("The remote certificate is invalid because of errors in the certificate chain: PartialChain", result.Error, StringComparison.Ordinal);
        Assert.Contains("--ca-file or FACTCHECK_CA_FILE", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is it running?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_CA_in_the_ca_file_refuses_the_certificate_naming_the_file()
    {
        var result = await Cli().ExpectAsync(ExitCodes.Unreachable, "claims", "get", "agreement", "--ca-file", service.OtherCa.CertificatePath);

        Assert.Contains($"TLS: the certificate (CN=claims-tls, issued by CN=factcheck-test-ca, O=FactCheck tests) is not signed by the CA in {service.OtherCa.CertificatePath}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CA_does_not_excuse_a_certificate_that_names_another_host()
    {
        // The certificate names 127.0.0.1 only; "localhost" reaches the same socket under another name.
        var byName = $"https://localhost:{service.Process.Address.Port}";

        var result = await Cli().ExpectAsync(ExitCodes.Unreachable, "claims", "get", "agreement", "--claims-url", byName, "--ca-file", service.Ca.CertificatePath);

        Assert.Contains("TLS: the certificate does not name the host that was dialled (it is issued to 127.0.0.1)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_certificate_from_the_same_CA_does_not_pass_for_a_server()
    {
        var clientOnly = service.Ca.Issue("workload", [IPAddress.Loopback], clientOnly: true);
        var ca = FactCheck.Tls.TrustedCa.Load(service.Ca.CertificatePath, "--ca-file");
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(clientOnly.CertificatePath, clientOnly.KeyPath);
        using var server = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(service.Certificate.CertificatePath, service.Certificate.KeyPath);

        // Same CA, same host name: only the purpose differs.
        Assert.Equal("the certificate (CN=workload) is not issued for server authentication", ca.Problem(certificate, System.Net.Security.SslPolicyErrors.None));
        Assert.Null(ca.Problem(server, System.Net.Security.SslPolicyErrors.None));
    }

    [Theory]
    [InlineData("missing", "--ca-file: cannot read")]
    [InlineData("empty", "holds no certificate")]
    [InlineData("key", "holds no certificate")]
    public async Task An_unusable_ca_file_is_a_usage_error_before_anything_is_sent(string file, string expected)
    {
        using var folder = new TempFolder("factcheck-cli-ca-");
        var path = folder.File($"{file}.pem");
        if (file == "empty")
        {
            File.WriteAllText(path, "");
        }
        else if (file == "key")
        {
            File.Copy(service.Certificate.KeyPath, path);
        }

        var result = await Cli().ExpectAsync(ExitCodes.Usage, "claims", "get", "agreement", "--ca-file", path);

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }

    private CliRunner Cli(Dictionary<string, string>? environment = null)
    {
        var all = environment ?? [];
        all["FACTCHECK_CLAIMS_URL"] = service.Process.Address.ToString().TrimEnd('/');
        return new CliRunner(services: null, all);
    }

    /// <summary>One open claims service on loopback, serving a certificate for 127.0.0.1 from a CA of the test's own, with the sample agreement.</summary>
    public sealed class TlsClaims : IAsyncLifetime, IDisposable
    {
        private readonly TempFolder _folder = new("factcheck-cli-tls-");

        public TestCa Ca { get; private set; } = null!;

        /// <summary>A CA that signed nothing the service serves.</summary>
        public TestCa OtherCa { get; private set; } = null!;

        public TestServerCertificate Certificate { get; private set; } = null!;

        public ServiceProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Ca = TestCa.Create(_folder.File("ca"), "factcheck-test-ca");
            OtherCa = TestCa.Create(_folder.File("other-ca"), "someone-elses-ca");
            Certificate = Ca.Issue("claims-tls", [IPAddress.Loopback]);
            Process = await ServiceProcess.StartAsync(typeof(ClaimsGrpcService).Assembly.Location,
                new Dictionary<string, string> { ["ConnectionStrings__Claims"] = _folder.ClaimsDb }, tls: Certificate);
            var claims = new ClaimsService.ClaimsServiceClient(Process.Channel());
            await claims.CreateClaimAsync(new CreateClaimRequest { ClaimId = "agreement", Claim = SampleClaims.Claim("agreement") }, deadline: DateTime.UtcNow.AddSeconds(20));
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            Ca.Dispose();
            OtherCa.Dispose();
        }

        /// <summary>After <see cref="DisposeAsync"/>: the process is gone, so its database can go.</summary>
        public void Dispose() => _folder.Dispose();
    }
}
