using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// Faults that are not crashes, from outside, on real processes: PostgreSQL stopped abruptly
/// under a write load and started again, and a SQLite file that cannot grow. Callers get the
/// codes their retry policies understand (UNAVAILABLE with RetryInfo, RESOURCE_EXHAUSTED), the
/// log says once that the database went and once that it came back, nothing acknowledged is lost,
/// and the services carry on without a restart.
/// </summary>
public sealed partial class DatabaseFaultTests : IDisposable
{
    private const int Writers = 16;
    private const int ClaimsPerWriter = 30;

    /// <summary>A verdict during the outage finds either database away: its own, or the claims service's behind the claim it reads.</summary>
    private static readonly string[] VerdictRefusals = ["DATABASE_UNAVAILABLE", "CLAIMS_SERVICE_UNAVAILABLE"];

    private readonly TempFolder _folder = new("factcheck-faults-");

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task PostgreSQL_stopped_under_load_is_answered_UNAVAILABLE_with_a_retry_delay_and_writes_resume_on_their_own_without_loss()
    {
        Skip.If(PostgresCluster.FindBinaries() is null && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") != "1", PostgresFixture.SkipReason);
        // A cluster of its own: stopping the shared one would fail every other PostgreSQL test.
        await using var cluster = await PostgresCluster.StartAsync();
        await using var claims = await ServiceProcess.StartAsync(ClaimsAssembly, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Claims"] = await cluster.CreateDatabaseAsync("outage_claims"),
        });
        await using var verification = await ServiceProcess.StartAsync(VerificationAssembly,
            VerificationEnvironment("postgres", await cluster.CreateDatabaseAsync("outage_verification"), claims.Address.ToString()));
        var claimsClient = new ClaimsService.ClaimsServiceClient(claims.Channel());
        var desk = new VerificationService.VerificationServiceClient(verification.Channel());
        var health = new Health.HealthClient(claims.Channel());
        var agreement = await claimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);

        // Writers that behave as a well-made client does: each create has a request id, and an
        // UNAVAILABLE is tried again with the same id after the delay its RetryInfo gives.
        var acknowledged = new ConcurrentDictionary<string, Claim>();
        var refused = new ConcurrentQueue<RpcException>();
        var load = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var call = 0; call < ClaimsPerWriter; call++)
            {
                var requestId = $"outage-{writer}-{call}";
                while (!acknowledged.ContainsKey(requestId))
                {
                    try
                    {
                        acknowledged[requestId] = await claimsClient.CreateClaimAsync(
                            new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), RequestId = requestId }, deadline: Deadline);
                    }
                    catch (RpcException e)
                    {
                        refused.Enqueue(e);
                        if (e.StatusCode != StatusCode.Unavailable)
                        {
                            return;
                        }

                        await Task.Delay(e.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() ?? TimeSpan.FromSeconds(1));
                    }
                }
            }
        })).ToList();

        await Eventually.Until(() => Task.FromResult(acknowledged.Count), n => n >= Writers * 3, "the load under way");
        await cluster.StopAbruptlyAsync();
        var servingBeforeRestart = await Eventually.Until(() => ServingAsync(health), s => s == HealthCheckResponse.Types.ServingStatus.NotServing,
            "health to follow the database away");
        await Eventually.Until(() => Task.FromResult(refused.Count), n => n >= Writers, "the writers to be refused");

        // While it is away: a read, a verdict and a REST call are answered the same way.
        var read = await RpcAssert.FailsWith(StatusCode.Unavailable,
            () => claimsClient.GetClaimAsync(new GetClaimRequest { Name = agreement.Name }, deadline: Deadline).ResponseAsync);
        var verdict = await Assert.ThrowsAsync<RpcException>(() => desk.RecordVerdictAsync(Confirm(agreement.Name, "Washington"), deadline: Deadline).ResponseAsync);
        using var rest = new HttpClient { BaseAddress = claims.RestAddress };
        using var restReply = await rest.GetAsync($"v1/{agreement.Name}");
        var restBody = await restReply.Content.ReadAsStringAsync();

        await cluster.StartAgainAsync();
        await Task.WhenAll(load);
        await Eventually.Until(() => ServingAsync(health), s => s == HealthCheckResponse.Types.ServingStatus.Serving, "health to follow the database back");
        // The verification service's claims client may still hold its breaker open for a moment: retried as a client would.
        var after = await Eventually.Until(async () =>
        {
            try
            {
                return await desk.RecordVerdictAsync(Confirm(agreement.Name, "Washington"), deadline: Deadline);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                return null;
            }
        }, reply => reply is not null, "a verdict to be recorded after the outage");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, servingBeforeRestart);
        Assert.All(refused, e => AssertDatabaseUnavailable(e, "claims"));
        AssertDatabaseUnavailable(read, "claims");
        Assert.Equal(StatusCode.Unavailable, verdict.StatusCode);
        Assert.Contains(RpcAssert.Info(verdict).Reason, VerdictRefusals);
        Assert.True(restReply.StatusCode == HttpStatusCode.ServiceUnavailable, $"REST answered {(int)restReply.StatusCode}: {restBody}");
        Assert.Contains("DATABASE_UNAVAILABLE", restBody, StringComparison.Ordinal);
        Assert.Contains("google.rpc.RetryInfo", restBody, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Applied, after!.DeliveryState);

        // Every create was acknowledged once its writer got through, and each is there exactly once.
        Assert.Equal(Writers * ClaimsPerWriter, acknowledged.Count);
        Assert.Equal(Writers * ClaimsPerWriter, acknowledged.Values.Select(c => c.Name).Distinct().Count());
        foreach (var claim in acknowledged.Values)
        {
            var stored = await claimsClient.GetClaimAsync(new GetClaimRequest { Name = claim.Name }, deadline: Deadline);
            Assert.Equal(claim.Text, stored.Text);
        }

        // The log: one warning when the database went, one when it came back with the count, no error per call.
        var output = Outputs(claims, verification);
        Assert.DoesNotContain("Unexpected failure", output, StringComparison.Ordinal);
        Assert.DoesNotContain("round failed", output, StringComparison.Ordinal);
        Assert.Single(AwayLines().Matches(claims.Output));
        var back = Assert.Single(BackLines().Matches(claims.Output));
        Assert.True(long.Parse(back.Groups["refused"].Value, System.Globalization.CultureInfo.InvariantCulture) >= refused.Count,
            $"the warning counted fewer refusals than the writers saw ({refused.Count}): {back.Value}");
        var (away, returned) = (AwayLines().Count(verification.Output), BackLines().Count(verification.Output));
        Assert.True(away == returned && away <= 1, $"the verification service's log should say once that its database went and once that it came back:\n{verification.Output}");
    }

    [Fact]
    public async Task A_SQLite_file_that_cannot_grow_refuses_writes_with_RESOURCE_EXHAUSTED_serves_reads_and_takes_writes_after_a_restart_with_room()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
            ["Storage__SqliteMaxMegabytes"] = "1",
        };
        var acknowledged = new List<Claim>();
        RpcException full;
        await using (var claims = await ServiceProcess.StartAsync(ClaimsAssembly, environment))
        {
            var client = new ClaimsService.ClaimsServiceClient(claims.Channel());
            var health = new Health.HealthClient(claims.Channel());
            while (true)
            {
                try
                {
                    acknowledged.Add(await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") }, deadline: Deadline));
                }
                catch (RpcException e)
                {
                    full = e;
                    break;
                }

                Assert.True(acknowledged.Count < 20_000, "a 1 MB file took 20,000 claims: the limit is not applied");
            }

            var again = await Assert.ThrowsAsync<RpcException>(
                () => client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") }, deadline: Deadline).ResponseAsync);
            var read = await client.GetClaimAsync(new GetClaimRequest { Name = acknowledged[^1].Name }, deadline: Deadline);
            var page = await client.ListClaimsAsync(new ListClaimsRequest { PageSize = 5 }, deadline: Deadline);
            var serving = await health.CheckAsync(new HealthCheckRequest(), deadline: Deadline);

            Assert.True(full.StatusCode == StatusCode.ResourceExhausted, $"{full.Status}\n{claims.Output}");
            Assert.Equal("DATABASE_FULL", RpcAssert.Info(full).Reason);
            Assert.Equal("claims database", RpcAssert.Info(full).Metadata["database"]);
            Assert.Equal("the claims database's disk is full; writes are refused until an operator frees space (reads go on)", full.Status.Detail);
            Assert.True(again.StatusCode == StatusCode.ResourceExhausted, $"{again.Status}\n{claims.Output}");
            Assert.Equal("DATABASE_FULL", RpcAssert.Info(again).Reason);
            Assert.Equal(acknowledged[^1].Text, read.Text);
            Assert.Equal(5, page.Claims.Count);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);
            // One warning per spell of a full disk: none repeated while it lasts. (At the very edge
            // a small write can fit after a refused one; the log then says so, and the next refusal
            // begins a new spell.)
            var spells = Regex.Count(claims.Output, @"The claims database's disk is full \(");
            var ends = Regex.Count(claims.Output, "The claims database takes writes again");
            Assert.True(spells >= 1 && spells == ends + 1, claims.Output);
            Assert.DoesNotContain("Unexpected failure", claims.Output, StringComparison.Ordinal);
        }

        // The operator makes room (here: a larger quota) and starts the service again.
        environment["Storage__SqliteMaxMegabytes"] = "8";
        await using var restarted = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        var after = new ClaimsService.ClaimsServiceClient(restarted.Channel());
        var created = await after.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") }, deadline: Deadline);

        Assert.NotEmpty(created.Name);
        foreach (var claim in acknowledged)
        {
            Assert.Equal(claim.Text, (await after.GetClaimAsync(new GetClaimRequest { Name = claim.Name }, deadline: Deadline)).Text);
        }
    }

    private static void AssertDatabaseUnavailable(RpcException error, string service)
    {
        Assert.True(error.StatusCode == StatusCode.Unavailable, $"expected UNAVAILABLE, got {error.Status}");
        var info = RpcAssert.Info(error);
        Assert.Equal("DATABASE_UNAVAILABLE", info.Reason);
        Assert.Equal($"{service}.factcheck.v1", info.Domain);
        Assert.StartsWith($"the {service} database ", error.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith("; retry", error.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(error.GetRpcStatus()?.GetDetail<RetryInfo>());
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> ServingAsync(Health.HealthClient health)
    {
        try
        {
            return (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5))).Status;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            // The health check itself could not answer: not serving, as far as a caller can tell.
            return HealthCheckResponse.Types.ServingStatus.NotServing;
        }
    }

    [GeneratedRegex("The (claims|verification) database [^\n]*calls that need it are answered UNAVAILABLE")]
    private static partial Regex AwayLines();

    [GeneratedRegex("The (claims|verification) database answers again; (?<refused>[0-9]+) call\\(s\\) were refused")]
    private static partial Regex BackLines();
}
