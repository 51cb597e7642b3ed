using System.Net;
using System.Text;
using FactCheck.Contracts.V1;
using WebhookSignature = FactCheck.Domain.Webhooks.WebhookSignature;
using WebhookTargets = FactCheck.Domain.Webhooks.WebhookTargets;
using FactCheck.Testing;
using Grpc.Core;

namespace FactCheck.Claims.Tests.Webhooks;

/// <summary>Webhooks end to end: the real claims service delivering to a real HTTP receiver on loopback.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    /// <summary>A service that may post to loopback over http (as a test must), retrying quickly.</summary>
    private static ClaimsHost Host(string attemptTimeout = "00:00:05", bool allowPrivate = true) => ClaimsHost.Open(new Dictionary<string, string?>
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateTargets"] = allowPrivate ? "true" : "false",
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.050",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
        ["Webhooks:AttemptTimeout"] = attemptTimeout,
    });

    private static async Task<CreateWebhookResponse> HookAsync(ClaimsHost host, Uri target, params ClaimEventType[] types)
    {
        var webhook = new Webhook { TargetUrl = target.ToString(), Description = "newsroom chat" };
        webhook.EventTypes.AddRange(types);
        return await new WebhooksService.WebhooksServiceClient(host.Channel()).CreateWebhookAsync(new CreateWebhookRequest { Webhook = webhook });
    }

    private static async Task AgreementAsync(ClaimsService.ClaimsServiceClient claims)
    {
        await claims.CreateClaimAsync(SampleClaims.Create("agreement"));
        foreach (var (status, detail) in new[] { (ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"), (ClaimStatus.Confirmed, "confirmed by Washington and Baghdad") })
        {
            await claims.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = "claims/agreement", Status = status, StatusDetail = detail, Reason = "official statement" });
        }
    }

    private static async Task<IReadOnlyList<ReceivedPost>> AcceptedAsync(WebhookReceiver receiver, int count) =>
        await Eventually.Until(() => Task.FromResult(receiver.Accepted), posts => posts.Count >= count, $"{count} accepted deliveries",
            describe: posts => $"{posts.Count} accepted of {receiver.Posts.Count} posts");

    [Fact]
    public async Task Each_status_change_reaches_the_receiver_once_in_order_signed_with_the_secret()
    {
        await using var host = Host();
        var created = await HookAsync(host, _receiver.Address, ClaimEventType.StatusChanged);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);

        await AgreementAsync(host.Client());

        var posts = await AcceptedAsync(_receiver, 2);
        Assert.Equal(["CLAIM_STATUS_PENDING", "CLAIM_STATUS_CONFIRMED"], posts.Select(p => p.Json.GetProperty("claim").GetProperty("status").GetString()));
        Assert.Equal(["CLAIM_STATUS_PENDING", "CLAIM_STATUS_PENDING"], posts.Select(p => p.Json.GetProperty("previousStatus").GetString()));
        foreach (var post in posts)
        {
            Assert.True(WebhookSignature.Verify(post.Signature, post.Body, Encoding.UTF8.GetBytes(created.Secret), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)),
                $"the signature {post.Signature} does not verify with the secret");
            Assert.Equal(post.EventId, post.Json.GetProperty("eventId").GetString());
            Assert.Equal("CLAIM_EVENT_TYPE_STATUS_CHANGED", post.Json.GetProperty("type").GetString());
            Assert.Equal(created.Webhook.Name, post.Json.GetProperty("webhook").GetString());
            Assert.Equal("claims/agreement", post.Json.GetProperty("claim").GetProperty("name").GetString());
        }

        Assert.Equal(["evt_2", "evt_3"], posts.Select(p => p.EventId));
        Assert.Equal(2, _receiver.Posts.Count);
    }

    [SkippableFact]
    public async Task The_receivers_verification_in_the_docs_accepts_a_real_delivery_and_refuses_a_changed_body()
    {
        var docs = await File.ReadAllTextAsync(Repository.File("docs", "webhooks.md"));
        var block = System.Text.RegularExpressions.Regex.Match(docs, "<!-- verify-snippet:start -->\\s*```js\\n(?<code>.*?)```\\s*<!-- verify-snippet:end -->",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(block.Success, "docs/webhooks.md has no verify-snippet block");
        var node = FindNode();
        await using var host = Host();
        var created = await HookAsync(host, _receiver.Address, ClaimEventType.Created);
        await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));
        var post = (await AcceptedAsync(_receiver, 1))[0];

        using var folder = new TempFolder("factcheck-receiver-");
        var script = folder.File("receiver.mjs");
        await File.WriteAllTextAsync(script, block.Groups["code"].Value + """

            import { readFileSync } from "node:fs";
            const [body, header, secret] = [readFileSync(process.argv[2]), process.argv[3], process.argv[4]];
            const changed = Buffer.concat([body, Buffer.from(" ")]);
            console.log(verifyFactCheckSignature(body, header, secret), verifyFactCheckSignature(changed, header, secret),
              verifyFactCheckSignature(body, header, "whsec_" + "0".repeat(64)));
            """);
        var body = folder.File("body.json");
        await File.WriteAllBytesAsync(body, post.Body);
        var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(node, [script, body, post.Signature, created.Secret])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await run.StandardOutput.ReadToEndAsync();
        var errors = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();

        Assert.True(run.ExitCode == 0, $"node failed: {errors}");
        Assert.Equal("true false false", output.Trim());
    }

    private static string FindNode()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists);
        Assert.False(node is null && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") == "1", "CI requires Node.js for the receiver snippet's test");
        Skip.If(node is null, "Node.js is not installed (Debian: apt-get install -y nodejs); it runs the receiver snippet of docs/webhooks.md");
        return node!;
    }

    [Fact]
    public async Task A_receiver_failing_for_a_while_gets_every_event_in_order_and_none_twice_and_the_attempts_are_listed()
    {
        await using var host = Host();
        _receiver.Answer = n => n < 3 ? 500 : 200;
        var created = await HookAsync(host, _receiver.Address);

        await AgreementAsync(host.Client());

        var accepted = await AcceptedAsync(_receiver, 3);
        Assert.Equal(["evt_1", "evt_2", "evt_3"], accepted.Select(p => p.EventId));
        Assert.Equal(6, _receiver.Posts.Count);
        Assert.Equal(["evt_1", "evt_1", "evt_1", "evt_1", "evt_2", "evt_3"], _receiver.Posts.Select(p => p.EventId));

        var deliveries = await new WebhooksService.WebhooksServiceClient(host.Channel())
            .ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Parent = created.Webhook.Name });
        var first = deliveries.Deliveries.Single(d => d.EventId == "evt_1");
        Assert.Equal((WebhookDelivery.Types.State.Delivered, 4), (first.State, first.AttemptCount));
        Assert.Equal([500, 500, 500, 200], first.Attempts.Select(a => a.HttpStatus));
        Assert.Equal("HTTP 500 Internal Server Error", first.Attempts[0].Error);
        Assert.Equal($"{created.Webhook.Name}/deliveries/evt_1", first.Name);
    }

    [Fact]
    public async Task A_delivery_attempt_joins_the_trace_of_the_call_that_made_the_change()
    {
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "FactCheck.Claims.Webhooks",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = attempts.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var host = Host();
        await HookAsync(host, _receiver.Address, ClaimEventType.Created);
        System.Diagnostics.ActivityTraceId trace;
        using (var caller = new System.Diagnostics.Activity("newsroom CMS saves a claim").Start())
        {
            // The client propagates the current trace to the service (traceparent), as a traced caller would.
            trace = caller.TraceId;
            await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));
        }

        await AcceptedAsync(_receiver, 1);
        // The listener hears every host in this process, and other test classes deliver webhooks at
        // the same time: the attempt of this test is the one in the caller's trace, and there is none
        // unless the attempt joined it.
        var attempt = await Eventually.Until(
            () => Task.FromResult(attempts.FirstOrDefault(a => a.TraceId == trace)), a => a is not null, "an attempt's span in the caller's trace");
        Assert.Equal("evt_1", attempt!.GetTagItem("factcheck.event_id"));
    }

    [Fact]
    public async Task A_slow_receiver_does_not_delay_another()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Hold();
        await using var host = Host(attemptTimeout: "00:00:30");
        await HookAsync(host, slow.Address);
        await HookAsync(host, _receiver.Address);

        await AgreementAsync(host.Client());

        Assert.Equal(["evt_1", "evt_2", "evt_3"], (await AcceptedAsync(_receiver, 3)).Select(p => p.EventId));
        Assert.Empty(slow.Posts);
    }

    [Fact]
    public async Task A_redirect_is_a_failed_attempt_and_is_not_followed()
    {
        await using var host = Host();
        _receiver.Answer = n => n == 0 ? 302 : 200;
        var created = await HookAsync(host, _receiver.Address, ClaimEventType.Created);

        await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));

        await AcceptedAsync(_receiver, 1);
        var delivery = (await new WebhooksService.WebhooksServiceClient(host.Channel())
            .ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Parent = created.Webhook.Name })).Deliveries.Single();
        Assert.Equal([302, 200], delivery.Attempts.Select(a => a.HttpStatus));
        Assert.Contains("redirects are not followed", delivery.Attempts[0].Error, StringComparison.Ordinal);
        Assert.Equal(2, _receiver.Posts.Count);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "webhook.target_url", "must be an https URL")]
    [InlineData("https://10.1.2.3/hook", "webhook.target_url", "points at a private address (10.1.2.3); webhooks go to public addresses only")]
    [InlineData("https://169.254.169.254/latest/meta-data", "webhook.target_url", "points at a cloud metadata address (169.254.169.254); webhooks go to public addresses only")]
    [InlineData("https://localhost/hook", "webhook.target_url", "points at a loopback address; webhooks go to public addresses only")]
    public async Task By_default_a_target_that_is_not_public_https_is_refused_naming_the_field(string url, string field, string problem)
    {
        await using var host = ClaimsHost.Open();
        var webhooks = new WebhooksService.WebhooksServiceClient(host.Channel());

        var refused = await Assert.ThrowsAsync<RpcException>(() => webhooks.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { TargetUrl = url } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(new Dictionary<string, string> { [field] = problem }, RpcAssert.Violations(refused));
        Assert.Empty((await webhooks.ListWebhooksAsync(new ListWebhooksRequest())).Webhooks);
    }

    [SkippableFact]
    public async Task A_name_that_resolves_to_a_private_address_is_refused_when_delivering()
    {
        var name = await PrivateNameAsync();
        await using var host = Host(allowPrivate: false);
        var target = new UriBuilder(_receiver.Address) { Host = name }.Uri;
        var created = await HookAsync(host, target, ClaimEventType.Created);

        await host.Client().CreateClaimAsync(SampleClaims.Create("agreement"));

        var webhooks = new WebhooksService.WebhooksServiceClient(host.Channel());
        var delivery = await Eventually.Until(
            async () => (await webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Parent = created.Webhook.Name })).Deliveries.SingleOrDefault(),
            d => d is { AttemptCount: > 0 }, "a refused attempt");
        Assert.Matches($"^{name} resolves to .+, a (loopback|private|link-local) address; webhooks go to public addresses only", delivery!.Attempts[0].Error);
        Assert.Empty(_receiver.Posts);
    }

    /// <summary>A host name (not an address, not "localhost") that resolves only to addresses webhooks may not use: the machine's own name, usually.</summary>
    private static async Task<string> PrivateNameAsync()
    {
        foreach (var candidate in new[] { Dns.GetHostName(), "ip6-localhost" })
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(candidate);
                if (addresses.Length > 0 && addresses.All(a => WebhookTargets.WhyRefused(a) is not null) && !candidate.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // This candidate does not resolve here; try the next.
            }
        }

        Skip.If(true, "no host name here resolves only to a private or loopback address (the machine's own name usually does; /etc/hosts can add one)");
        return "";
    }
}
