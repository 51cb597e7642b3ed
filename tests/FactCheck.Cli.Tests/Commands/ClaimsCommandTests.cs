using System.Text.Json;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Tests.Support;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>`claims add|get|list|edit|history|watch` against both real services in memory.</summary>
public sealed class ClaimsCommandTests
{
    internal static Task<CliResult> AddAgreementAsync(CliRunner cli, string id = "agreement") => cli.OkAsync(
        "claims", "add", "--id", id,
        "--text", "US and Iraqi diplomats have agreed on withdrawing US troops from Iraq.",
        "--speaker", "an unnamed US official",
        "--source", "https://example.org/news/us-iraq-withdrawal-agreement",
        "--source-publisher", "Example News (placeholder)",
        "--source-quote", "only the timing of the announcement is left",
        "--pending", "--party", "Washington,Baghdad", "--tag", "iraq", "--tag", "agreement", "--language", "en");

    [Fact]
    public async Task Add_then_get_shows_claim_sources_history_and_verification_summary()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        var added = await AddAgreementAsync(cli);
        Assert.Equal("created claims/agreement (PENDING: awaiting Washington and Baghdad)\n", added.Out);

        var got = await cli.OkAsync("claims", "get", "claims/agreement");

        Assert.Contains("Claim:     claims/agreement", got.Out, StringComparison.Ordinal);
        Assert.Contains("Status:    PENDING (awaiting Washington and Baghdad)", got.Out, StringComparison.Ordinal);
        Assert.Contains("Parties:   Washington, Baghdad", got.Out, StringComparison.Ordinal);
        Assert.Contains("1. https://example.org/news/us-iraq-withdrawal-agreement", got.Out, StringComparison.Ordinal);
        Assert.Contains("\"only the timing of the announcement is left\"", got.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1 +\S+ \S+ +created +PENDING +anonymous$", got.Out);
        Assert.Contains("Awaiting:        Washington, Baghdad", got.Out, StringComparison.Ordinal);
        Assert.Contains("Confirmed by:    nobody yet", got.Out, StringComparison.Ordinal);
        Assert.Contains("Overdue:         no (no due time)", got.Out, StringComparison.Ordinal);
        Assert.Equal("", got.Error);
    }

    [Fact]
    public async Task Get_still_shows_the_claim_when_the_verification_service_is_unreachable()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await AddAgreementAsync(cli);
        var offline = new CliRunner(services, new Dictionary<string, string> { ["FACTCHECK_VERIFICATION_URL"] = CliRunner.ClosedAddress() });
        offline.Unplugged.Add(ServiceKind.Verification);

        var got = await offline.OkAsync("claims", "get", "agreement");

        Assert.Contains("Status:    PENDING (awaiting Washington and Baghdad)", got.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Verification\nunavailable: cannot reach the verification service at http://127\.0\.0\.1:\d+/ \(is it running\?", got.Out);

        var json = (await offline.OkAsync("claims", "get", "agreement", "-o", "json")).Json();
        Assert.Equal("claims/agreement", json.GetProperty("claim").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("verification").ValueKind);
        Assert.StartsWith("cannot reach the verification service", json.GetProperty("verificationError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_as_json_carries_claim_history_and_summary()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await AddAgreementAsync(cli);

        var json = (await cli.OkAsync("--output", "json", "claims", "get", "agreement")).Json();

        Assert.Equal("CLAIM_STATUS_PENDING", json.GetProperty("claim").GetProperty("status").GetString());
        Assert.Equal("CLAIM_EVENT_TYPE_CREATED", json.GetProperty("history")[0].GetProperty("type").GetString());
        Assert.Equal(["Washington", "Baghdad"], json.GetProperty("verification").GetProperty("awaitedParties").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("verificationError").ValueKind);
    }

    [Fact]
    public async Task List_exposes_filters_and_orders_and_json_parses_back()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await AddAgreementAsync(cli);
        await cli.OkAsync("claims", "add", "--id", "first-withdrawal", "--text", "Several hundred US soldiers leave Iraq in September 2025.",
            "--speaker", "the agreement (as reported)", "--source", "https://example.org/a", "--source-publisher", "Example Archive",
            "--parent", "agreement", "--due", "2025-09-30T23:59:59Z", "--tag", "withdrawal");
        await cli.OkAsync("claims", "add", "--id", "final-withdrawal", "--text", "The last US personnel leave Iraq by the end of 2099.",
            "--source", "https://example.org/b", "--parent", "claims/agreement", "--due", "2099-12-31", "--tag", "withdrawal");

        var table = await cli.OkAsync("claims", "list", "--order", "oldest");
        Assert.Equal(
            [
                "ID                STATUS      DUE         TEXT",
                "agreement         PENDING                 US and Iraqi diplomats have agreed on withdrawing US troops…",
                "first-withdrawal  UNVERIFIED  2025-09-30  Several hundred US soldiers leave Iraq in September 2025.",
                "final-withdrawal  UNVERIFIED  2099-12-31  The last US personnel leave Iraq by the end of 2099.",
            ],
            table.Lines);

        async Task<string[]> Ids(params string[] args)
        {
            var json = (await cli.OkAsync(["claims", "list", "-o", "json", .. args])).Json();
            return json.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("name").GetString()!["claims/".Length..]).ToArray();
        }

        Assert.Equal(["final-withdrawal", "first-withdrawal", "agreement"], await Ids());
        Assert.Equal(["first-withdrawal", "final-withdrawal", "agreement"], await Ids("--order", "due-soonest"));
        Assert.Equal(["agreement"], await Ids("--status", "pending"));
        Assert.Equal(["final-withdrawal", "first-withdrawal"], await Ids("-s", "unverified,confirmed"));
        Assert.Equal(["first-withdrawal"], await Ids("--speaker", "THE AGREEMENT (as reported)"));
        Assert.Equal(["final-withdrawal", "first-withdrawal"], await Ids("--tag", "withdrawal"));
        Assert.Equal(["first-withdrawal"], await Ids("--publisher", "example archive"));
        Assert.Equal(["final-withdrawal"], await Ids("--source-url", "https://example.org/b"));
        Assert.Equal(["first-withdrawal"], await Ids("--due-before", "2030-01-01"));
        Assert.Equal(["final-withdrawal"], await Ids("--due-after", "2030-01-01"));
        Assert.Equal(["first-withdrawal"], await Ids("--query", "soldiers Septem*"));
        Assert.Equal(["final-withdrawal", "first-withdrawal"], await Ids("--parent", "agreement"));
        Assert.Equal(["first-withdrawal"], await Ids("--overdue"));
    }

    [Fact]
    public async Task List_pages_on_demand_and_all_follows_page_tokens()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        for (var i = 0; i < 5; i++)
        {
            // Texts alike on purpose: the duplicate check would refuse all but the first.
            await cli.OkAsync("claims", "add", "--id", $"claim-{i}", "--text", $"Claim number {i}.", "--source", "https://example.org/x", "--allow-duplicate");
        }

        var first = await cli.OkAsync("claims", "list", "--page-size", "2", "--order", "oldest");
        Assert.Equal(3, first.Lines.Length);
        var hint = System.Text.RegularExpressions.Regex.Match(first.Error, @"^more claims: repeat with --page-token (\S+) \(or --all\)\n$");
        Assert.True(hint.Success, first.Error);

        var second = (await cli.OkAsync("claims", "list", "--page-size", "2", "--order", "oldest", "--page-token", hint.Groups[1].Value, "-o", "json")).Json();
        Assert.Equal(["claims/claim-2", "claims/claim-3"], second.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.NotEqual("", second.GetProperty("nextPageToken").GetString());

        var all = (await cli.OkAsync("claims", "list", "--page-size", "2", "--order", "oldest", "--all", "-o", "json")).Json();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"claims/claim-{i}"), all.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("", all.GetProperty("nextPageToken").GetString());

        // A token belongs to its filters: the server refuses it with others, and says which field.
        var foreign = await cli.ExpectAsync(1, "claims", "list", "--page-size", "2", "--status", "pending", "--page-token", hint.Groups[1].Value);
        Assert.StartsWith("error: page_token: was issued for a request with other filters", foreign.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_changes_the_named_fields_and_history_shows_it()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await AddAgreementAsync(cli);

        var edited = await cli.OkAsync("claims", "edit", "agreement", "--text", "Diplomats agreed on a withdrawal plan.", "--tag", "iraq,edited", "--due", "2030-01-01");
        Assert.Equal("updated claims/agreement: text, tags, due_time\n", edited.Out);

        var claim = (await cli.OkAsync("claims", "get", "agreement", "-o", "json")).Json().GetProperty("claim");
        Assert.Equal("Diplomats agreed on a withdrawal plan.", claim.GetProperty("text").GetString());
        Assert.Equal(["iraq", "edited"], claim.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("2030-01-01T00:00:00Z", claim.GetProperty("dueTime").GetString());
        Assert.Equal("an unnamed US official", claim.GetProperty("speaker").GetString());

        await cli.OkAsync("claims", "edit", "agreement", "--clear-due");
        Assert.False((await cli.OkAsync("claims", "get", "agreement", "-o", "json")).Json().GetProperty("claim").TryGetProperty("dueTime", out _));

        var history = await cli.OkAsync("claims", "history", "agreement");
        Assert.Matches(@"^SEQ +TIME +EVENT +STATUS +BY +REASON\n1 +.+ created +PENDING +anonymous\n2 +.+ edited +PENDING +anonymous\n3 +.+ edited +PENDING +anonymous\n$", history.Out);
        var events = (await cli.OkAsync("claims", "history", "agreement", "-o", "json")).Json().GetProperty("events");
        Assert.Equal(["CLAIM_EVENT_TYPE_CREATED", "CLAIM_EVENT_TYPE_UPDATED", "CLAIM_EVENT_TYPE_UPDATED"], events.EnumerateArray().Select(e => e.GetProperty("type").GetString()));

        var stale = await cli.ExpectAsync(1, "claims", "edit", "agreement", "--text", "x", "--etag", "stale-etag");
        Assert.StartsWith("error: ", stale.Error, StringComparison.Ordinal);
        var nothing = await cli.ExpectAsync(2, "claims", "edit", "agreement");
        Assert.StartsWith("error: nothing to change", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_prints_events_live_and_resumes_after_a_sequence()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await AddAgreementAsync(cli);
        using var stop = new CancellationTokenSource();
        var live = new LiveWriter();
        var watching = cli.RunAsync(["claims", "watch"], live, stop.Token);
        await live.WaitForAsync("claims/agreement");
        await cli.OkAsync("claims", "add", "--id", "second", "--text", "Another claim.", "--source", "https://example.org/y");

        // The live event arrives while the watch runs; Ctrl+C (cancellation) ends it with 0.
        await live.WaitForAsync("claims/second");
        Assert.False(watching.IsCompleted);
        stop.Cancel();
        var watched = await watching;
        Assert.Equal(0, watched.ExitCode);
        Assert.Matches(@"^#1 \S+ \S+ created claims/agreement PENDING by anonymous\n#2 \S+ \S+ created claims/second UNVERIFIED by anonymous\n$", watched.Out);
        Assert.Equal("stopped; resume with --after 2\n", watched.Error);

        // Resuming with --after and a --timeout: only what came after, as JSON lines, then a clean stop.
        var resumed = await cli.OkAsync("claims", "watch", "--after", "1", "--timeout", "1s", "-o", "json");
        var line = Assert.Single(resumed.Lines);
        using var doc = JsonDocument.Parse(line);
        Assert.Equal("2", doc.RootElement.GetProperty("sequence").GetString());
        Assert.Equal("claims/second", doc.RootElement.GetProperty("claim").GetProperty("name").GetString());
        Assert.Equal("--timeout reached; resume with --after 2\n", resumed.Error);
    }
}
