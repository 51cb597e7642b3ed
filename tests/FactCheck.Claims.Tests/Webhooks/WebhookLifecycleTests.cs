using System.Text;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FactCheck.Claims.Tests.Webhooks;

/// <summary>A webhook's life: paused and resumed, paused by the service when a delivery fails for good, its queue kept across a restart, its limits.</summary>
public sealed class WebhookLifecycleTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new("factcheck-webhooks-");
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private ClaimsHost Host(string retryPeriod = "01:00:00", string maxPerCaller = "25") => new(_folder, secured: false, new Dictionary<string, string?>
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.050",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
        ["Webhooks:RetryPeriod"] = retryPeriod,
        ["Webhooks:MaxPerCaller"] = maxPerCaller,
    });

    private static WebhooksService.WebhooksServiceClient Webhooks(ClaimsHost host) => new(host.Channel());

    private async Task<CreateWebhookResponse> HookAsync(ClaimsHost host, string? id = null) =>
        await Webhooks(host).CreateWebhookAsync(new CreateWebhookRequest { WebhookId = id ?? "", Webhook = new Webhook { TargetUrl = _receiver.Address.ToString() } });

    private static Task<Webhook> SetStateAsync(ClaimsHost host, string name, Webhook.Types.State state) =>
        Webhooks(host).UpdateWebhookAsync(new UpdateWebhookRequest
        {
            Webhook = new Webhook { Name = name, State = state },
            UpdateMask = new FieldMask { Paths = { "state" } },
        }).ResponseAsync;

    private async Task<IReadOnlyList<ReceivedPost>> AcceptedAsync(int count) =>
        await Eventually.Until(() => Task.FromResult(_receiver.Accepted), posts => posts.Count >= count, $"{count} accepted deliveries",
            describe: posts => $"{posts.Count} accepted of {_receiver.Posts.Count} posts");

    [Fact]
    public async Task A_paused_webhook_queues_changes_and_resuming_sends_them_in_order()
    {
        await using var host = Host();
        var created = await HookAsync(host);
        await SetStateAsync(host, created.Webhook.Name, Webhook.Types.State.Paused);

        await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));
        await host.Client().CreateClaimAsync(SampleClaims.Create("final-withdrawal"));
        var pending = await Eventually.Until(
            async () => (await Webhooks(host).ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Parent = created.Webhook.Name })).Deliveries,
            d => d.Count == 2, "two queued deliveries");
        Assert.All(pending, d => Assert.Equal(WebhookDelivery.Types.State.Pending, d.State));
        Assert.Empty(_receiver.Posts);

        var resumed = await SetStateAsync(host, created.Webhook.Name, Webhook.Types.State.Active);

        Assert.Equal(Webhook.Types.State.Active, resumed.State);
        Assert.Equal(["evt_1", "evt_2"], (await AcceptedAsync(2)).Select(p => p.EventId));
    }

    [Fact]
    public async Task A_delivery_failing_for_the_whole_retry_period_fails_and_pauses_its_webhook_saying_why()
    {
        await using var host = Host(retryPeriod: "00:00:01");
        _receiver.Answer = _ => 503;
        var created = await HookAsync(host);

        await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));

        var paused = await Eventually.Until(() => Webhooks(host).GetWebhookAsync(new GetWebhookRequest { Name = created.Webhook.Name }).ResponseAsync,
            w => w.State == Webhook.Types.State.Paused, "the webhook paused by the service");
        Assert.Contains("evt_1 failed for", paused.PauseReason, StringComparison.Ordinal);
        Assert.Contains("HTTP 503 Service Unavailable", paused.PauseReason, StringComparison.Ordinal);
        var failed = (await Webhooks(host).ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest
        {
            Parent = created.Webhook.Name,
            State = WebhookDelivery.Types.State.Failed,
        })).Deliveries.Single();
        Assert.True(failed.AttemptCount > 1, $"{failed.AttemptCount} attempts");

        _receiver.Answer = _ => 200;
        await host.Client().CreateClaimAsync(SampleClaims.Create("final-withdrawal"));
        var resumed = await SetStateAsync(host, created.Webhook.Name, Webhook.Types.State.Active);
        Assert.Equal("", resumed.PauseReason);
        Assert.Equal("evt_2", (await AcceptedAsync(1)).Single().EventId);

        await Webhooks(host).RedeliverWebhookEventAsync(new RedeliverWebhookEventRequest { Name = failed.Name });
        Assert.Equal(["evt_2", "evt_1"], (await AcceptedAsync(2)).Select(p => p.EventId));
    }

    [Fact]
    public async Task Queued_deliveries_survive_a_restart_of_the_service()
    {
        string name;
        await using (var host = Host())
        {
            name = (await HookAsync(host)).Webhook.Name;
            await SetStateAsync(host, name, Webhook.Types.State.Paused);
            await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));
            await Eventually.Until(
                async () => (await Webhooks(host).ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Parent = name })).Deliveries.Count,
                n => n == 1, "the queued delivery");
        }

        await using var restarted = Host();
        await SetStateAsync(restarted, name, Webhook.Types.State.Active);

        Assert.Equal("evt_1", (await AcceptedAsync(1)).Single().EventId);
    }

    [Fact]
    public async Task The_signing_secret_is_not_stored_in_the_database_as_given()
    {
        string secret;
        await using (var host = Host())
        {
            secret = (await HookAsync(host)).Secret;
        }

        var database = Path.Combine(_folder.Path, "claims.db");
        var stored = File.ReadAllBytes(database).Concat(File.Exists(database + "-wal") ? File.ReadAllBytes(database + "-wal") : []).ToArray();
        Assert.DoesNotContain(secret, Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_folder.Path, "webhook-keys")).Any(), "no key ring beside the database");
    }

    [Fact]
    public async Task One_caller_may_have_only_so_many_webhooks()
    {
        await using var host = Host(maxPerCaller: "2");
        await HookAsync(host, "one");
        await HookAsync(host, "two");

        var refused = await Assert.ThrowsAsync<RpcException>(() => HookAsync(host, "three"));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("WEBHOOK_LIMIT_REACHED", RpcAssert.Info(refused).Reason);
        Assert.Equal(["webhooks/one", "webhooks/two"], (await Webhooks(host).ListWebhooksAsync(new ListWebhooksRequest())).Webhooks.Select(w => w.Name));
    }

    [Fact]
    public async Task A_rotated_secret_signs_beside_the_old_one_for_its_grace_period()
    {
        await using var host = Host();
        var created = await HookAsync(host);
        var rotated = await Webhooks(host).RotateWebhookSecretAsync(new RotateWebhookSecretRequest
        {
            Name = created.Webhook.Name,
            GracePeriod = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        });
        Assert.NotEqual(created.Secret, rotated.Secret);

        await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));

        var post = (await AcceptedAsync(1)).Single();
        Assert.Equal(2, post.Signature.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal)));
        foreach (var secret in new[] { created.Secret, rotated.Secret })
        {
            Assert.True(FactCheck.Domain.Webhooks.WebhookSignature.Verify(post.Signature, post.Body, Encoding.UTF8.GetBytes(secret), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        }
    }
}
