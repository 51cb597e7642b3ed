using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Grpc.Core;

namespace FactCheck.EndToEnd.Tests;

/// <summary>Two claims-service processes sharing one PostgreSQL database, as replicas behind one address.</summary>
[Collection(PostgresGroup.Name)]
public sealed class ClaimsReplicaTests(PostgresFixture postgres)
{
    private static string ClaimsAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    private static Claim NewClaim(string text) => new()
    {
        Text = text,
        Speaker = "the report",
        Sources = { new Source { Url = "https://example.org/news/us-iraq-withdrawal-agreement", Publisher = "Example News (placeholder)" } },
        Tags = { "replicas" },
    };

    /// <summary>Two claims-service processes on a new database of the PostgreSQL cluster, one after the other (skips without PostgreSQL).</summary>
    private async Task<(ServiceProcess A, ServiceProcess B)> StartTwoReplicasAsync()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Claims"] = await cluster.CreateDatabaseAsync("replicas"),
        };
        var a = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        try
        {
            return (a, await ServiceProcess.StartAsync(ClaimsAssembly, environment));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    [SkippableFact]
    public async Task A_watch_on_one_replica_sees_every_write_made_through_either_in_one_gap_free_sequence()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Claims"] = await cluster.CreateDatabaseAsync("replicas"),
        };
        // Both start at once: one migrates, the other waits on the advisory lock.
        var starting = await Task.WhenAll(ServiceProcess.StartAsync(ClaimsAssembly, environment), ServiceProcess.StartAsync(ClaimsAssembly, environment));
        await using var a = starting[0];
        await using var b = starting[1];
        var clientA = new ClaimsService.ClaimsServiceClient(a.Channel());
        var clientB = new ClaimsService.ClaimsServiceClient(b.Channel());

        using var watchOnB = clientB.WatchClaims(new WatchClaimsRequest());
        var received = new List<ClaimEvent>();
        const int Writes = 40;
        var reading = Task.Run(async () =>
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (received.Count < Writes + 2 && await watchOnB.ResponseStream.MoveNext(patience.Token))
            {
                received.Add(watchOnB.ResponseStream.Current);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Writes).Select(i =>
            (i % 2 == 0 ? clientA : clientB).CreateClaimAsync(new CreateClaimRequest { Claim = NewClaim($"claim {i}") }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync));

        // Replica A goes away; B keeps serving the same data and the same watch.
        var agreement = (await clientB.ListClaimsAsync(new ListClaimsRequest { PageSize = 1 })).Claims[0];
        await a.StopAsync();
        await clientB.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = agreement.Name, Status = ClaimStatus.Confirmed, Reason = "confirmed" });
        await clientB.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = agreement.Name, Status = ClaimStatus.Disputed, Reason = "disputed" });
        await reading;

        Assert.Equal(Enumerable.Range(1, Writes + 2).Select(i => (long)i), received.Select(e => e.Sequence));
        Assert.Equal(Writes, received.Count(e => e.Type == ClaimEventType.Created));
        var listed = await clientB.ListClaimsAsync(new ListClaimsRequest { Tag = "replicas", PageSize = 500 });
        Assert.Equal(Writes, listed.Claims.Count);
    }

    [SkippableFact]
    public async Task A_write_through_one_replica_is_read_back_through_the_other()
    {
        var (a, b) = await StartTwoReplicasAsync();
        await using var replicaA = a;
        await using var replicaB = b;
        var clientA = new ClaimsService.ClaimsServiceClient(a.Channel());
        var clientB = new ClaimsService.ClaimsServiceClient(b.Channel());

        var created = await clientA.CreateClaimAsync(new CreateClaimRequest { Claim = NewClaim("US troop numbers in Iraq peaked at about 168,000."), RequestId = "once" });
        Assert.Equal(created, await clientB.GetClaimAsync(new GetClaimRequest { Name = created.Name }));
        // The request id is shared too: a retry through the other replica creates nothing.
        Assert.Equal(created, await clientB.CreateClaimAsync(new CreateClaimRequest { Claim = NewClaim("US troop numbers in Iraq peaked at about 168,000."), RequestId = "once" }));
        Assert.Equal(created.Name, Assert.Single((await clientB.ListClaimsAsync(new ListClaimsRequest { Query = "peaked 168,000" })).Claims).Name);

        var stale = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await clientA.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = created.Name, Status = ClaimStatus.Confirmed, Reason = "a", Etag = created.Etag });
            await clientB.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = created.Name, Status = ClaimStatus.Disputed, Reason = "b", Etag = created.Etag });
        });
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }

    [SkippableFact]
    public async Task Each_replica_matches_claims_written_through_either_on_words_and_on_meaning()
    {
        var (a, b) = await StartTwoReplicasAsync();
        await using var replicaA = a;
        await using var replicaB = b;
        var clientA = new ClaimsService.ClaimsServiceClient(a.Channel());
        var clientB = new ClaimsService.ClaimsServiceClient(b.Channel());

        var throughA = await clientA.CreateClaimAsync(new CreateClaimRequest { Claim = NewClaim("US troop numbers in Iraq peaked at about 168,000 during the surge.") });
        var throughB = await clientB.CreateClaimAsync(new CreateClaimRequest { Claim = NewClaim("Turkey began air strikes on Kurdish armed groups in northern Iraq.") });

        foreach (var (client, claim, paraphrase) in new[]
        {
            (clientB, throughA, "At the height of the surge America had roughly 168000 soldiers in Iraq"),
            (clientA, throughB, "Ankara launched airstrikes against Kurdish militants in the north of Iraq"),
        })
        {
            var found = await Eventually.Until(
                () => client.MatchClaimsAsync(new MatchClaimsRequest { Text = paraphrase }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync,
                r => r.UnindexedClaims == 0 && r.Matches.Count > 0 && r.Matches[0].SemanticallyIndexed, $"{claim.Name} indexed for meaning on the other replica",
                describe: r => $"{r.UnindexedClaims} unindexed; " + string.Join(", ", r.Matches.Select(m => $"{m.Claim.Name} {m.Score:F2} indexed={m.SemanticallyIndexed}")));
            Assert.Equal(claim.Name, found.Matches[0].Claim.Name);
            Assert.Contains("iraq", found.Matches[0].SharedTerms);
        }
    }
}
