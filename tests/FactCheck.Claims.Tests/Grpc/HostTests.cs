using FactCheck.Testing;
using FactCheck.Contracts.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactCheck.Claims.Tests.Grpc;

public class HostTests
{
    [Fact]
    public async Task Health_answers_serving()
    {
        using var server = ClaimsHost.Open();
        var health = new Health.HealthClient(server.Channel());

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_claims_service()
    {
        using var server = ClaimsHost.Open();
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel());
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("factcheck.v1.ClaimsService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Without_a_key_a_keyed_server_answers_unauthenticated()
    {
        using var server = ClaimsHost.Secured();
        var missing = await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => server.Client(null).ListClaimsAsync(new ListClaimsRequest()).ResponseAsync);
        var wrong = await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => server.ClientWithRawKey("wrong-secret").ListClaimsAsync(new ListClaimsRequest()).ResponseAsync);

        Assert.Equal(("auth.factcheck.v1", "API_KEY_MISSING"), (RpcAssert.Info(missing).Domain, RpcAssert.Info(missing).Reason));
        Assert.Equal("API_KEY_INVALID", RpcAssert.Info(wrong).Reason);
    }

    [Fact]
    public async Task Roles_limit_what_each_key_may_do()
    {
        using var server = ClaimsHost.Secured();
        var reader = server.Client(TestKeys.Reader);
        var editor = server.Client(TestKeys.Newsroom);
        var verifier = server.Client(TestKeys.Delivery);

        var denied = await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => reader.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") }).ResponseAsync);
        Assert.Equal("ROLE_TOO_LOW", RpcAssert.Info(denied).Reason);
        Assert.Contains("Editor", denied.Status.Detail, StringComparison.Ordinal);
        var claim = await editor.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        Assert.Equal(claim, await reader.GetClaimAsync(new GetClaimRequest { Name = claim.Name }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => editor.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = claim.Name, Status = ClaimStatus.Confirmed, Reason = "r" }).ResponseAsync);
        await verifier.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = claim.Name, Status = ClaimStatus.Confirmed, Reason = "both confirmed" });

        var history = await reader.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = claim.Name });
        Assert.Equal(["newsroom", "verification-service"], history.Events.Select(e => e.Actor));
    }

    [Fact]
    public async Task Request_ids_belong_to_their_caller()
    {
        using var server = ClaimsHost.Secured();
        var newsroom = server.Client(TestKeys.Newsroom);
        var verification = server.Client(TestKeys.Delivery);

        var mine = await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), RequestId = "import-1" });
        var theirs = await verification.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("surge-peak"), RequestId = "import-1" });

        Assert.NotEqual(mine.Name, theirs.Name);
        Assert.Equal(mine, await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), RequestId = "import-1" }));
    }

    [Fact]
    public async Task An_unexpected_failure_is_internal_with_error_info_and_no_internals()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        // Break the database behind the service's back: the tag index is gone.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(server.Folder.ClaimsDb))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE claim_tags";
            await drop.ExecuteNonQueryAsync();
        }

        var error = await RpcAssert.FailsWith(StatusCode.Internal, () => client.ListClaimsAsync(new ListClaimsRequest { Tag = "iraq" }).ResponseAsync);

        Assert.Equal(("claims.factcheck.v1", "INTERNAL"), (RpcAssert.Info(error).Domain, RpcAssert.Info(error).Reason));
        Assert.NotEmpty(RpcAssert.Info(error).Metadata["trace"]);
        Assert.DoesNotContain("claim_tags", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        using var server = ClaimsHost.Secured();
        var response = await new Health.HealthClient(server.Channel()).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public void An_open_server_refuses_to_listen_beyond_loopback()
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:5101" });
        var error = Assert.Throws<InvalidOperationException>(() => server.Server);
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5101", true)]
    [InlineData("http://10.0.0.7:5101", true)]
    [InlineData("https://0.0.0.0:5101", false)]
    [InlineData("http://127.0.0.1:5101", false)]
    public void A_server_with_keys_warns_when_they_would_reach_it_unencrypted_from_other_machines(string url, bool warns)
    {
        using var folder = new TempFolder("factcheck-claims-");
        var log = new CapturedLog();
        using var host = new ClaimsHost(folder, secured: true, new Dictionary<string, string?> { ["urls"] = url });
        using var server = host.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));

        _ = server.Server;

        var warning = $"Callers' API keys reach {url} unencrypted: serve TLS there (docs/security.md, \"TLS\") unless the network is private or a TLS proxy is in front";
        Assert.Equal(warns, log.At(LogLevel.Warning).Contains(warning));
    }

    [Fact]
    public void An_open_server_refuses_a_rest_port_beyond_loopback_naming_its_setting()
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Rest:Url"] = "http://0.0.0.0:5111" });
        var error = Assert.Throws<InvalidOperationException>(() => server.Server);
        Assert.Contains("may only listen on a loopback address, not http://0.0.0.0:5111 (Rest:Url).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_with_keys_warns_when_they_would_reach_its_rest_port_unencrypted_from_other_machines()
    {
        using var folder = new TempFolder("factcheck-claims-");
        var log = new CapturedLog();
        using var host = new ClaimsHost(folder, secured: true, new Dictionary<string, string?> { ["Rest:Url"] = "http://0.0.0.0:5111" });
        using var server = host.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));

        _ = server.Server;

        Assert.Contains("Callers' API keys reach http://0.0.0.0:5111 unencrypted: serve TLS there (docs/security.md, \"TLS\") unless the network is private or a TLS proxy is in front", log.At(LogLevel.Warning));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:5111", "Rest:Url must be an http:// or https:// address with a port")]
    [InlineData("5111", "Rest:Url must be an http:// or https:// address with a port")]
    [InlineData("http://127.0.0.1", "Rest:Url must name its port, as in http://127.0.0.1:5111 (got 'http://127.0.0.1')")]
    [InlineData("http://127.0.0.1:0", "Rest:Url must name a port from 1 to 65535 (got 'http://127.0.0.1:0')")]
    [InlineData("http://127.0.0.1:5111/api", "Rest:Url must not have a path")]
    [InlineData("http://127.0.0.1:5101", "Rest:Url (http://127.0.0.1:5101) must not use the port of the gRPC address http://127.0.0.1:5101")]
    public void A_rest_address_that_cannot_work_stops_the_start_naming_the_setting(string url, string expected)
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:5101", ["Rest:Url"] = url });
        var error = Assert.Throws<InvalidOperationException>(() => server.Server);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("")]
    [InlineData("http://localhost:5111")]
    [InlineData("https://127.0.0.1:5111")]
    public void A_rest_address_that_can_work_or_none_lets_the_service_start(string url)
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Rest:Url"] = url });
        var plan = server.Services.GetRequiredService<FactCheck.ServiceDefaults.ListenPlan>();

        Assert.Equal(url is "off" or "" ? null : url, plan.RestUrl);
    }
}
