using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Testing;

namespace FactCheck.EndToEnd.Tests;

/// <summary>Webhooks from real claims-service processes: across a SIGKILL, and from two replicas on one PostgreSQL.</summary>
[Collection(PostgresGroup.Name)]
public sealed class WebhookProcessTests(PostgresFixture postgres) : IAsyncLifetime, IDisposable
{
    private static string ClaimsAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    private readonly TempFolder _folder = new("factcheck-webhook-processes-");
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    /// <summary>Webhooks to loopback over http (as tests must), retried quickly, leases short enough for a takeover within seconds.</summary>
    private Dictionary<string, string> Environment(Dictionary<string, string> storage) => new(storage)
    {
        ["Matching__Semantic"] = "false",
        ["Webhooks__AllowHttp"] = "true",
        ["Webhooks__AllowPrivateTargets"] = "true",
        ["Webhooks__PollInterval"] = "00:00:00.100",
        ["Webhooks__FirstRetryDelay"] = "00:00:00.050",
        ["Webhooks__MaxRetryDelay"] = "00:00:00.200",
        ["Webhooks__AttemptTimeout"] = "00:00:00.500",
        ["Webhooks__KeysDirectory"] = _folder.File("webhook-keys"),
    };

    private async Task HookAsync(ServiceProcess claims) =>
        await new WebhooksService.WebhooksServiceClient(claims.Channel())
            .CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { TargetUrl = _receiver.Address.ToString() } });

    private async Task<IReadOnlyList<string>> AcceptedEventIdsAsync(int count) =>
        (await Eventually.Until(() => Task.FromResult(_receiver.Accepted), posts => posts.Count >= count, $"{count} accepted deliveries",
            describe: posts => $"{posts.Count} accepted of {_receiver.Posts.Count} posts")).Select(p => p.EventId).ToList();

    [Fact]
    public async Task Deliveries_pending_when_the_service_is_killed_arrive_after_it_restarts_in_order_and_once_each()
    {
        var environment = Environment(new() { ["ConnectionStrings__Claims"] = _folder.ClaimsDb });
        _receiver.Answer = _ => 503;
        var claims = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        try
        {
            await HookAsync(claims);
            var client = new ClaimsService.ClaimsServiceClient(claims.Channel());
            await client.CreateClaimAsync(SampleClaims.Create("agreement"));
            await client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = "claims/agreement", Status = ClaimStatus.Confirmed, Reason = "both go-aheads given" });
            await Eventually.Until(() => Task.FromResult(_receiver.Posts.Count), n => n >= 2, "failed attempts before the kill");

            await claims.KillAsync();
        }
        finally
        {
            await claims.DisposeAsync();
        }

        _receiver.Answer = _ => 200;
        await using var restarted = await ServiceProcess.StartAsync(ClaimsAssembly, environment);

        Assert.Equal(["evt_1", "evt_2"], await AcceptedEventIdsAsync(2));
        Assert.All(_receiver.Posts.Take(2), post => Assert.Equal("evt_1", post.EventId));
    }

    [SkippableFact]
    public async Task Two_replicas_deliver_each_event_once_and_one_takes_over_when_the_other_dies()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var environment = Environment(new()
        {
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Claims"] = await cluster.CreateDatabaseAsync("webhooks"),
        });
        var a = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        await using var b = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        try
        {
            await HookAsync(a);
            var clients = new[] { new ClaimsService.ClaimsServiceClient(a.Channel()), new ClaimsService.ClaimsServiceClient(b.Channel()) };
            for (var i = 0; i < 10; i++)
            {
                await clients[i % 2].CreateClaimAsync(new CreateClaimRequest { ClaimId = $"first-{i}", Claim = SampleClaims.Claim("agreement") });
            }

            var first = await AcceptedEventIdsAsync(10);
            Assert.Equal(Enumerable.Range(1, 10).Select(i => $"evt_{i}"), first.Order(StringComparer.Ordinal).OrderBy(id => id.Length));
            Assert.Equal(10, _receiver.Posts.Count);

            // Now the receiver fails, so both replicas keep leasing and retrying; one of them dies holding leases.
            _receiver.Answer = _ => 503;
            for (var i = 0; i < 10; i++)
            {
                await clients[i % 2].CreateClaimAsync(new CreateClaimRequest { ClaimId = $"second-{i}", Claim = SampleClaims.Claim("agreement") });
            }

            await Eventually.Until(() => Task.FromResult(_receiver.Posts.Count(p => p.AnsweredWith == 503)), n => n >= 10, "failed attempts from both replicas");
            await a.KillAsync();
            _receiver.Answer = _ => 200;

            var all = await AcceptedEventIdsAsync(20);
            Assert.Equal(Enumerable.Range(1, 20).Select(i => $"evt_{i}"), all.Distinct().OrderBy(id => id.Length).ThenBy(id => id, StringComparer.Ordinal));
            Assert.Equal(20, all.Count);
        }
        finally
        {
            await a.DisposeAsync();
        }
    }
}
