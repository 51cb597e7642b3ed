using System.Collections.Concurrent;
using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// The claims service killed (SIGKILL) in the middle of a concurrent write load, with group
/// commit sharing transactions between the callers: after a restart on the same SQLite file
/// every acknowledged write is there, and nothing is there by halves.
/// </summary>
public sealed class ClaimsCrashTests : IDisposable
{
    private const int Callers = 32;
    private const int CallsPerCaller = 200;
    private const int AcknowledgementsBeforeKill = 300;

    private readonly TempFolder _folder = new("factcheck-claims-crash-");

    private static string ClaimsAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    private Dictionary<string, string> Environment => new()
    {
        ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Acknowledged_writes_survive_a_kill_under_concurrent_load_and_nothing_is_half_written()
    {
        var acknowledged = new ConcurrentDictionary<string, Claim>();
        var failedBeforeKill = new ConcurrentQueue<RpcException>();
        var cutOff = 0;
        var killed = 0;
        await using (var first = await ServiceProcess.StartAsync(ClaimsAssembly, Environment))
        {
            using var channel = first.Channel();
            var client = new ClaimsService.ClaimsServiceClient(channel);
            var load = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                for (var call = 0; call < CallsPerCaller; call++)
                {
                    var requestId = $"crash-{caller}-{call}";
                    try
                    {
                        var claim = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), RequestId = requestId });
                        acknowledged[requestId] = claim;
                    }
                    catch (RpcException e)
                    {
                        if (Volatile.Read(ref killed) == 0)
                        {
                            failedBeforeKill.Enqueue(e);
                        }
                        else
                        {
                            // The process is gone: this call and the caller's later ones are never acknowledged.
                            Interlocked.Increment(ref cutOff);
                        }

                        return;
                    }
                }
            })).ToList();

            await Eventually.Until(() => Task.FromResult(acknowledged.Count), count => count >= AcknowledgementsBeforeKill || !failedBeforeKill.IsEmpty,
                $"{AcknowledgementsBeforeKill} acknowledged creates");
            Volatile.Write(ref killed, 1);
            await first.KillAsync();
            await Task.WhenAll(load);
            Assert.True(failedBeforeKill.IsEmpty,
                $"calls failed before the kill: {string.Join("; ", failedBeforeKill.Take(3).Select(e => e.Status))}\n{first.Output}");
        }

        Assert.True(cutOff > 0, "the kill should have cut off calls in flight; the load had ended before it");

        await using var second = await ServiceProcess.StartAsync(ClaimsAssembly, Environment);
        using var againChannel = second.Channel();
        var again = new ClaimsService.ClaimsServiceClient(againChannel);

        // Every acknowledged write is there as it was acknowledged, and its request id still
        // answers with it (the idempotency record committed with it): a retry creates nothing.
        foreach (var (requestId, claim) in acknowledged)
        {
            Assert.Equal(claim, await again.GetClaimAsync(new GetClaimRequest { Name = claim.Name }));
            Assert.Equal(claim, await again.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), RequestId = requestId }));
        }

        // Nothing by halves: one Created event and one request record per stored claim, and
        // the event sequence has no gap (writes committed but not acknowledged may be there, whole).
        var stored = await ReadStoredAsync();
        Assert.Equal(Enumerable.Range(1, stored.Events.Count).Select(i => (long)i), stored.Events.Select(e => e.Sequence));
        Assert.Equal(stored.ClaimIds.Order(), stored.Events.Select(e => e.ClaimId).Order());
        Assert.Equal(stored.ClaimIds.Count, stored.Requests);
        // Acknowledged ⊆ stored (xunit's Subset takes the superset first): the stored claims may also hold writes that committed just before the kill and were never answered.
        Assert.Subset(stored.ClaimIds.ToHashSet(), acknowledged.Values.Select(c => c.Name["claims/".Length..]).ToHashSet());
        var history = await again.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = acknowledged.Values.First().Name });
        Assert.Equal(ClaimEventType.Created, Assert.Single(history.Events).Type);
    }

    /// <summary>The claims, events and request records in the file, read directly (WAL lets a reader in beside the service).</summary>
    private async Task<(List<string> ClaimIds, List<(long Sequence, string ClaimId)> Events, long Requests)> ReadStoredAsync()
    {
        await using var connection = new SqliteConnection(_folder.ClaimsDb);
        await connection.OpenAsync();
        var claimIds = new List<string>();
        await using (var claims = connection.CreateCommand())
        {
            claims.CommandText = "SELECT id FROM claims";
            await using var reader = await claims.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                claimIds.Add(reader.GetString(0));
            }
        }

        var events = new List<(long, string)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT seq, claim_id FROM events ORDER BY seq";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                events.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        await using var requests = connection.CreateCommand();
        requests.CommandText = "SELECT COUNT(*) FROM requests";
        return (claimIds, events, (long)(await requests.ExecuteScalarAsync())!);
    }
}
