using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Tests.Support;
using WebhookSignature = FactCheck.Domain.Webhooks.WebhookSignature;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>`webhooks add|list|get|pause|resume|remove|deliveries|redeliver|rotate-secret` against the real claims service delivering to a real HTTP receiver on loopback.</summary>
public sealed class WebhooksCommandTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    /// <summary>Services whose claims service may post to loopback over http (as a test must), retrying quickly, as WebhookDeliveryTests' host.</summary>
    private static ServicePair Services(string retryPeriod = "1.00:00:00") => new(secured: false, claimsSettings: new Dictionary<string, string?>
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.050",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
        ["Webhooks:RetryPeriod"] = retryPeriod,
    });

    private string Url => _receiver.Address.ToString();

    private static Task<CliResult> AddClaimAsync(CliRunner cli, string id) =>
        cli.OkAsync("claims", "add", "--id", id, "--text", $"Claim {id} says something.", "--source", "https://example.org/x", "--allow-duplicate");

    private static async Task<IReadOnlyList<ReceivedPost>> AcceptedAsync(WebhookReceiver receiver, int count) =>
        await Eventually.Until(() => Task.FromResult(receiver.Accepted), posts => posts.Count >= count, $"{count} accepted deliveries",
            describe: posts => $"{posts.Count} accepted of {receiver.Posts.Count} posts");

    /// <summary>The secret a command printed on its own line.</summary>
    private static string Secret(CliResult result)
    {
        var match = Regex.Match(result.Out, @"(?m)^  (whsec_[0-9a-f]{64})$");
        Assert.True(match.Success, $"no secret in {result}");
        return match.Groups[1].Value;
    }

    private static bool Verifies(ReceivedPost post, string secret) =>
        WebhookSignature.Verify(post.Signature, post.Body, Encoding.UTF8.GetBytes(secret), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Add_prints_the_secret_once_and_it_verifies_the_signature_of_a_delivery()
    {
        await using var services = Services();
        var cli = new CliRunner(services);

        var added = await cli.OkAsync("webhooks", "add", "--url", Url, "--events", "created", "--id", "newsroom", "--description", "newsroom chat");

        Assert.StartsWith("created webhooks/newsroom\n\nWebhook: ", added.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Events: +created$", added.Out);
        Assert.Matches(@"(?m)^Description: +newsroom chat$", added.Out);
        Assert.Contains("\nSigning secret (shown only this once: store it now, it is never shown again):\n\n  whsec_", added.Out, StringComparison.Ordinal);
        Assert.Equal("", added.Error);
        var secret = Secret(added);

        await ClaimsCommandTests.AddAgreementAsync(cli);

        var post = Assert.Single(await AcceptedAsync(_receiver, 1));
        Assert.True(Verifies(post, secret), $"the signature {post.Signature} does not verify with the secret the command printed");
        Assert.Equal("claims/agreement", post.Json.GetProperty("claim").GetProperty("name").GetString());
        Assert.Equal("webhooks/newsroom", post.Json.GetProperty("webhook").GetString());

        // The secret is never shown again: neither get nor list carries it.
        var got = await cli.OkAsync("webhooks", "get", "newsroom", "-o", "json");
        Assert.DoesNotContain(secret, got.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", (await cli.OkAsync("webhooks", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_as_json_carries_the_webhook_and_its_secret_and_says_on_stderr_to_store_it()
    {
        await using var services = Services();
        var cli = new CliRunner(services);

        var added = await cli.OkAsync("webhooks", "add", "--url", Url, "--events", "created,edited,status_changed", "--status", "confirmed,CLAIM_STATUS_REFUTED", "--tag", "iraq", "-o", "json");

        var json = added.Json();
        Assert.Matches("^whsec_[0-9a-f]{64}$", json.GetProperty("secret").GetString());
        Assert.Matches("^webhooks/wh-[0-9a-f]{16}$", json.GetProperty("webhook").GetProperty("name").GetString());
        Assert.Equal(["CLAIM_EVENT_TYPE_CREATED", "CLAIM_EVENT_TYPE_UPDATED", "CLAIM_EVENT_TYPE_STATUS_CHANGED"],
            json.GetProperty("webhook").GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["CLAIM_STATUS_CONFIRMED", "CLAIM_STATUS_REFUTED"], json.GetProperty("webhook").GetProperty("statuses").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("iraq", json.GetProperty("webhook").GetProperty("tag").GetString());
        Assert.Equal("the secret is shown only this once: store it now, it is never shown again\n", added.Error);
    }

    [Fact]
    public async Task List_get_pause_resume_and_remove_round_trip_and_a_paused_webhook_queues_until_resumed()
    {
        await using var services = Services();
        var cli = new CliRunner(services);
        await cli.OkAsync("webhooks", "add", "--url", Url, "--id", "newsroom", "--events", "created", "--description", "newsroom chat");
        await cli.OkAsync("webhooks", "add", "--url", Url, "--id", "cms", "--events", "status_changed", "--status", "confirmed,refuted", "--tag", "iraq");

        var list = await cli.OkAsync("webhooks", "list");
        Assert.Equal(3, list.Lines.Length);
        Assert.Matches(@"^ID +STATE +EVENTS +STATUSES +TAG +TARGET$", list.Lines[0]);
        Assert.Matches(@"^newsroom +ACTIVE +created +any +any +http://127\.0\.0\.1:\d+/hooks/factcheck$", list.Lines[1]);
        Assert.Matches(@"^cms +ACTIVE +status_changed +CONFIRMED, REFUTED +iraq +http://127\.0\.0\.1:\d+/hooks/factcheck$", list.Lines[2]);

        var got = await cli.OkAsync("webhooks", "get", "webhooks/newsroom");
        Assert.Matches(@"(?m)^Webhook: +webhooks/newsroom$", got.Out);
        Assert.Matches(@"(?m)^Target: +http://127\.0\.0\.1:\d+/hooks/factcheck$", got.Out);
        Assert.Matches(@"(?m)^Statuses: +any$", got.Out);
        Assert.Matches(@"(?m)^Tag: +any$", got.Out);
        Assert.Matches(@"(?m)^Description: +newsroom chat$", got.Out);
        Assert.Matches(@"(?m)^State: +ACTIVE$", got.Out);
        Assert.Matches(@"(?m)^Owner: +anonymous$", got.Out);

        var paused = await cli.OkAsync("webhooks", "pause", "newsroom");
        Assert.StartsWith("paused webhooks/newsroom: matching changes are queued until `factcheck webhooks resume newsroom`\n", paused.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^State: +PAUSED$", paused.Out);
        Assert.Equal("STATE_PAUSED", (await cli.OkAsync("webhooks", "get", "newsroom", "-o", "json")).Json().GetProperty("state").GetString());

        // While paused, the claim's creation is queued and not sent.
        await AddClaimAsync(cli, "agreement");
        var queued = await Eventually.Until(
            async () => (await cli.OkAsync("webhooks", "deliveries", "newsroom", "-o", "json")).Json().GetProperty("deliveries"),
            d => d.GetArrayLength() > 0, "the creation queued for the paused webhook");
        Assert.Equal(("STATE_PENDING", 0), (queued[0].GetProperty("state").GetString(), queued[0].GetProperty("attemptCount").GetInt32()));
        Assert.Empty(_receiver.Posts);

        var resumed = await cli.OkAsync("webhooks", "resume", "webhooks/newsroom");
        Assert.StartsWith("resumed webhooks/newsroom: queued changes are delivered from where it stopped\n", resumed.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^State: +ACTIVE$", resumed.Out);
        Assert.Equal(queued[0].GetProperty("eventId").GetString(), Assert.Single(await AcceptedAsync(_receiver, 1)).EventId);

        var removed = await cli.OkAsync("webhooks", "remove", "newsroom");
        Assert.Equal("removed webhooks/newsroom and its pending deliveries\n", removed.Out);
        Assert.Equal("webhooks/cms", (await cli.OkAsync("webhooks", "remove", "cms", "-o", "json")).Json().GetProperty("removed").GetString());

        var gone = await cli.ExpectAsync(ExitCodes.Refused, "webhooks", "get", "newsroom");
        Assert.StartsWith("error: ", gone.Error, StringComparison.Ordinal);
        Assert.Contains("webhooks/newsroom", gone.Error, StringComparison.Ordinal);
        var empty = await cli.OkAsync("webhooks", "list");
        Assert.Equal("", empty.Out);
        Assert.Equal("no webhooks (add one with `factcheck webhooks add --url URL`)\n", empty.Error);
        Assert.Equal(0, (await cli.OkAsync("webhooks", "list", "-o", "json")).Json().GetProperty("webhooks").GetArrayLength());
    }

    [Fact]
    public async Task Deliveries_show_each_attempt_with_its_status_error_and_duration_and_redeliver_sends_the_event_again()
    {
        await using var services = Services();
        var cli = new CliRunner(services);
        _receiver.Answer = n => n < 2 ? 500 : 200;
        await cli.OkAsync("webhooks", "add", "--url", Url, "--id", "newsroom", "--events", "created");
        await ClaimsCommandTests.AddAgreementAsync(cli);
        var first = Assert.Single(await AcceptedAsync(_receiver, 1));

        var deliveries = await cli.OkAsync("webhooks", "deliveries", "newsroom");

        var lines = deliveries.Lines;
        Assert.Equal($"{first.EventId}  agreement  created  DELIVERED  3 attempts", lines[0]);
        Assert.Matches(@"^  TIME +HTTP +DURATION +ERROR$", lines[1]);
        Assert.Matches(@"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +500 +[\d.]+ m?s +HTTP 500 Internal Server Error$", lines[2]);
        Assert.Matches(@"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +500 +[\d.]+ m?s +HTTP 500 Internal Server Error$", lines[3]);
        Assert.Matches(@"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +200 +[\d.]+ m?s +-$", lines[4]);
        Assert.Equal(5, lines.Length);

        var json = (await cli.OkAsync("webhooks", "deliveries", "webhooks/newsroom", "--state", "delivered", "-o", "json")).Json();
        var delivery = Assert.Single(json.GetProperty("deliveries").EnumerateArray());
        Assert.Equal([500, 500, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("httpStatus").GetInt32()));
        Assert.Equal("claims/agreement", delivery.GetProperty("claim").GetString());
        var none = await cli.OkAsync("webhooks", "deliveries", "newsroom", "--state", "failed");
        Assert.Equal(("", "no deliveries\n"), (none.Out, none.Error));

        var redelivered = await cli.OkAsync("webhooks", "redeliver", "newsroom", first.EventId);

        Assert.Equal($"queued {first.EventId} (created of claims/agreement) for webhooks/newsroom again: PENDING, after the claim's deliveries queued before it\n", redelivered.Out);
        var again = await AcceptedAsync(_receiver, 2);
        Assert.Equal([first.EventId, first.EventId], again.Select(p => p.EventId));
        Assert.Equal(first.Json.GetProperty("claim").GetProperty("name").GetString(), again[1].Json.GetProperty("claim").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_webhook_the_service_paused_shows_why_and_after_resume_the_failed_event_can_be_redelivered()
    {
        await using var services = Services(retryPeriod: "00:00:01");
        var cli = new CliRunner(services);
        _receiver.Answer = _ => 503;
        await cli.OkAsync("webhooks", "add", "--url", Url, "--id", "newsroom", "--events", "created");
        await AddClaimAsync(cli, "agreement");

        var paused = await Eventually.Until(
            async () => (await cli.OkAsync("webhooks", "get", "newsroom", "-o", "json")).Json(),
            w => w.GetProperty("pauseReason").GetString()!.Length > 0, "the service pausing the webhook");
        var reason = paused.GetProperty("pauseReason").GetString()!;

        var got = await cli.OkAsync("webhooks", "get", "newsroom");
        // A long reason wraps within the value's column.
        Assert.Contains($"State:        PAUSED ({reason})\n", Regex.Replace(got.Out, @" *\n {14}(?=\S)", " "), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^newsroom +PAUSED \(by the service\) +created ", (await cli.OkAsync("webhooks", "list")).Out);
        var failed = await cli.OkAsync("webhooks", "deliveries", "newsroom", "--state", "failed");
        Assert.Matches(@"^evt_\d+  agreement  created  FAILED  \d+ attempts\n", failed.Out);
        Assert.Matches(@"(?m)^  \S+ \S+ +503 +[\d.]+ m?s +HTTP 503 Service Unavailable$", failed.Out);

        _receiver.Answer = _ => 200;
        var resumed = await cli.OkAsync("webhooks", "resume", "newsroom");

        Assert.StartsWith($"resumed webhooks/newsroom ({reason}); deliveries that failed stay failed: `factcheck webhooks redeliver newsroom EVENT` sends one again\n", resumed.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^State: +ACTIVE$", resumed.Out);
        var eventId = Regex.Match(failed.Out, @"^evt_\d+").Value;
        await cli.OkAsync("webhooks", "redeliver", "newsroom", eventId);
        var delivered = Assert.Single(await AcceptedAsync(_receiver, 1));
        Assert.Equal((eventId, "claims/agreement"), (delivered.EventId, delivered.Json.GetProperty("claim").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Rotate_secret_prints_a_new_secret_once_and_deliveries_then_carry_both_signatures()
    {
        await using var services = Services();
        var cli = new CliRunner(services);
        var old = Secret(await cli.OkAsync("webhooks", "add", "--url", Url, "--id", "newsroom", "--events", "created"));

        var rotated = await cli.OkAsync("webhooks", "rotate-secret", "webhooks/newsroom", "--grace", "2h");

        Assert.StartsWith("rotated the secret of webhooks/newsroom\n\nNew signing secret (shown only this once: store it now, it is never shown again):\n", rotated.Out, StringComparison.Ordinal);
        var secret = Secret(rotated);
        Assert.NotEqual(old, secret);
        var until = Regex.Match(rotated.Out, @"The old secret still signs too \(a second v1 in FactCheck-Signature\) until (\S+ \S+Z)\.\n$");
        Assert.True(until.Success, rotated.ToString());
        var expires = DateTimeOffset.Parse(until.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(110), TimeSpan.FromMinutes(121));
        Assert.Matches(@"(?m)^Old secret: +still signs until ", (await cli.OkAsync("webhooks", "get", "newsroom")).Out);

        await AddClaimAsync(cli, "agreement");

        var post = Assert.Single(await AcceptedAsync(_receiver, 1));
        Assert.Equal(2, Regex.Count(post.Signature, @"(^|,)v1=[0-9a-f]{64}"));
        Assert.True(Verifies(post, secret), $"{post.Signature} does not verify with the new secret");
        Assert.True(Verifies(post, old), $"{post.Signature} does not verify with the old secret");

        var json = await cli.OkAsync("webhooks", "rotate-secret", "newsroom", "--grace", "0", "-o", "json");
        Assert.Matches("^whsec_[0-9a-f]{64}$", json.Json().GetProperty("secret").GetString());
        Assert.Equal("the secret is shown only this once: store it now, it is never shown again\n", json.Error);
    }

    [Theory]
    [InlineData("--events", "sometimes", "error: --events: 'sometimes' is not an event (created, edited, status_changed)")]
    [InlineData("--events", "created,updated", "error: --events: 'updated' is not an event (created, edited, status_changed)")]
    [InlineData("--status", "maybe", "error: --status: 'maybe' is not a status (unverified, pending, confirmed, disputed, refuted, retracted, overdue)")]
    [InlineData("--url", "/hooks", "error: --url: '/hooks' is not an https:// URL")]
    [InlineData("--id", "Hook_A", "error: --id: 'Hook_A' is not a webhook id: 1 to 63 lower-case letters, digits or '-', not starting or ending with '-'")]
    public async Task Add_refuses_a_bad_value_naming_the_option_before_any_call(string option, string value, string error)
    {
        await using var services = Services();
        var cli = new CliRunner(services);
        string[] args = option == "--url" ? ["webhooks", "add", "--url", value] : ["webhooks", "add", "--url", Url, option, value];

        var refused = await cli.ExpectAsync(ExitCodes.Usage, args);

        Assert.Equal(error + "\n", refused.Error);
        Assert.Equal("", refused.Out);
        Assert.Equal(0, (await cli.OkAsync("webhooks", "list", "-o", "json")).Json().GetProperty("webhooks").GetArrayLength());
    }

    [Theory]
    [InlineData(new[] { "get", "Hook_A" }, "error: 'Hook_A' is not a webhook: give its id (wh-1a2b3c) or its name (webhooks/wh-1a2b3c)")]
    [InlineData(new[] { "pause", "claims/agreement" }, "error: 'claims/agreement' is not a webhook")]
    [InlineData(new[] { "redeliver", "newsroom", "12" }, "error: '12' is not an event id: give it as `webhooks deliveries` lists it (evt_12)")]
    [InlineData(new[] { "rotate-secret", "newsroom", "--grace", "8d" }, "error: --grace: must be 0 to 7d (got 8d)")]
    [InlineData(new[] { "rotate-secret", "newsroom", "--grace", "soon" }, "error: --grace: 'soon' is not a length of time (24h, 7d, 90m, 30s, or 0)")]
    [InlineData(new[] { "deliveries", "newsroom", "--state", "lost" }, "--state: 'lost' is not a delivery state (pending, delivered, failed)")]
    public async Task Other_commands_refuse_bad_values_with_the_usage_exit_code(string[] command, string error)
    {
        await using var services = Services();
        var cli = new CliRunner(services);

        var refused = await cli.ExpectAsync(ExitCodes.Usage, ["webhooks", .. command]);

        Assert.Contains(error, refused.Error, StringComparison.Ordinal);
        Assert.Equal("", refused.Out);
    }

    [Fact]
    public async Task A_target_the_service_refuses_is_reported_by_its_field_with_exit_code_1()
    {
        // Without Webhooks:AllowHttp the service takes https targets only.
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var refused = await cli.ExpectAsync(ExitCodes.Refused, "webhooks", "add", "--url", "http://127.0.0.1:8080/hook");

        Assert.Equal("error: webhook.target_url: must be an https URL\n", refused.Error);
        var missing = await cli.ExpectAsync(ExitCodes.Refused, "webhooks", "deliveries", "wh-0000");
        Assert.StartsWith("error: ", missing.Error, StringComparison.Ordinal);
    }
}
