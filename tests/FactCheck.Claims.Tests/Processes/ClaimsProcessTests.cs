using FactCheck.Claims.Grpc;
using FactCheck.Testing;
using FactCheck.Contracts.V1;
using Grpc.Core;

namespace FactCheck.Claims.Tests.Processes;

/// <summary>The claims service as a real process on a TCP port: data survives stops and crashes.</summary>
public sealed class ClaimsProcessTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("factcheck-claims-process-").FullName;

    private static string ServiceAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    private Dictionary<string, string> Environment => new()
    {
        ["ConnectionStrings__Claims"] = $"Data Source={Path.Combine(_dataDirectory, "claims.db")}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Claims_and_events_survive_a_graceful_restart_on_the_same_data_file()
    {
        List<Claim> claimsBefore;
        List<ClaimEvent> eventsBefore;
        await using (var first = await ServiceProcess.StartAsync(ServiceAssembly, Environment))
        {
            var client = new ClaimsService.ClaimsServiceClient(first.Channel());
            var agreement = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), ClaimId = "agreement" });
            await client.CreateClaimAsync(SampleClaims.Create("final-withdrawal", claimId: "", parent: agreement.Name));
            await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("militia-attacks") });
            await client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = agreement.Name, Status = ClaimStatus.Confirmed, Reason = "both go-aheads given" });
            claimsBefore = [.. (await client.ListClaimsAsync(new ListClaimsRequest())).Claims];
            eventsBefore = await ReadAllEventsAsync(client);

            // A watch open at shutdown ends cleanly instead of failing. It starts one event back and
            // reads that event first, so the stream is known to be open before the server stops.
            using var watch = client.WatchClaims(new WatchClaimsRequest { AfterSequence = eventsBefore[^2].Sequence });
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(eventsBefore[^1].Sequence, watch.ResponseStream.Current.Sequence);
            var ended = Task.Run(() => watch.ResponseStream.MoveNext(CancellationToken.None));
            await first.StopAsync();
            Assert.False(await ended);
            Assert.Equal(0, first.ExitCode);
        }

        await using var second = await ServiceProcess.StartAsync(ServiceAssembly, Environment);
        var again = new ClaimsService.ClaimsServiceClient(second.Channel());
        Assert.Equal(claimsBefore, (await again.ListClaimsAsync(new ListClaimsRequest())).Claims);
        Assert.Equal(eventsBefore, await ReadAllEventsAsync(again));
        var history = await again.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = "claims/agreement" });
        Assert.Equal([ClaimEventType.Created, ClaimEventType.StatusChanged], history.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Acknowledged_writes_survive_a_crash()
    {
        Claim created;
        await using (var first = await ServiceProcess.StartAsync(ServiceAssembly, Environment))
        {
            var client = new ClaimsService.ClaimsServiceClient(first.Channel());
            created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), RequestId = "before-crash" });
            await first.KillAsync();
        }

        await using var second = await ServiceProcess.StartAsync(ServiceAssembly, Environment);
        var again = new ClaimsService.ClaimsServiceClient(second.Channel());
        Assert.Equal(created, await again.GetClaimAsync(new GetClaimRequest { Name = created.Name }));
        // The idempotency record survived too: the retry after the crash creates nothing new.
        Assert.Equal(created, await again.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), RequestId = "before-crash" }));
        Assert.Single((await again.ListClaimsAsync(new ListClaimsRequest())).Claims);
    }

    [Fact]
    public async Task Health_probe_mode_exits_zero_while_serving_and_one_when_nothing_answers()
    {
        await using var service = await ServiceProcess.StartAsync(ServiceAssembly, Environment);

        Assert.Equal(0, await ProbeAsync(service.Address.ToString()));
        Assert.Equal(1, await ProbeAsync($"http://127.0.0.1:{ServiceProcess.FreePort()}"));
    }

    private static async Task<int> ProbeAsync(string url)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [ServiceAssembly, "--health-probe"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_URLS"] = url;
        using var probe = System.Diagnostics.Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await probe.WaitForExitAsync(timeout.Token);
        return probe.ExitCode;
    }

    private static async Task<List<ClaimEvent>> ReadAllEventsAsync(ClaimsService.ClaimsServiceClient client)
    {
        var events = new List<ClaimEvent>();
        using var call = client.WatchClaims(new WatchClaimsRequest());
        using var quiet = new CancellationTokenSource();
        try
        {
            while (true)
            {
                quiet.CancelAfter(TimeSpan.FromSeconds(1.5));
                if (!await call.ResponseStream.MoveNext(quiet.Token))
                {
                    break;
                }

                events.Add(call.ResponseStream.Current);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // No event for a while: everything stored has been sent.
        }

        return events;
    }
}
