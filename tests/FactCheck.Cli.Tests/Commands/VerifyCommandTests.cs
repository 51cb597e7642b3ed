using FactCheck.Testing;
using System.Text.Json;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Tests.Support;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>`verify confirm|deny|dispute|retract|summary` against both real services in memory.</summary>
public sealed class VerifyCommandTests
{
    private static string[] Confirm(string party, params string[] more) =>
    [
        "verify", "confirm", "agreement", "--party", party, "--official", $"{party} spokesperson",
        "--evidence-url", $"https://example.org/statements/{party.ToLowerInvariant()}", "--quote", $"{party} gives its go-ahead.", .. more,
    ];

    [Fact]
    public async Task Confirmations_say_what_changed_and_the_summary_follows()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);

        var washington = await cli.OkAsync(Confirm("Washington"));
        Assert.Equal("Washington confirmed; still awaiting Baghdad\n", washington.Out);

        var halfway = await cli.OkAsync("verify", "summary", "claims/agreement");
        Assert.Contains("Status:          PENDING (confirmed by Washington; awaiting Baghdad)", halfway.Out, StringComparison.Ordinal);
        Assert.Contains("Confirmed by:    Washington", halfway.Out, StringComparison.Ordinal);
        Assert.Contains("Awaiting:        Baghdad", halfway.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Washington +CONFIRM +Washington spokesperson +\S+ \S+ +APPLIED$", halfway.Out);

        var baghdad = await cli.OkAsync(Confirm("Baghdad"));
        Assert.Equal("Baghdad confirmed; status is now CONFIRMED (confirmed by Washington and Baghdad)\n", baghdad.Out);

        var summary = (await cli.OkAsync("verify", "summary", "agreement", "--output", "json")).Json();
        Assert.Equal("CLAIM_STATUS_CONFIRMED", summary.GetProperty("status").GetString());
        Assert.Equal("CLAIM_STATUS_CONFIRMED", summary.GetProperty("claimStatus").GetString());
        Assert.Empty(summary.GetProperty("awaitedParties").EnumerateArray());
        Assert.False(summary.GetProperty("overdue").GetBoolean());

        var history = (await cli.OkAsync("claims", "history", "agreement", "-o", "json")).Json().GetProperty("events");
        Assert.Equal(
            ["CLAIM_STATUS_PENDING", "CLAIM_STATUS_PENDING", "CLAIM_STATUS_CONFIRMED"],
            history.EnumerateArray().Select(e => e.GetProperty("claim").GetProperty("status").GetString()));
        Assert.Equal("https://example.org/statements/baghdad", history[2].GetProperty("evidence")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Verdict_as_json_is_the_service_answer()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);

        var json = (await cli.OkAsync(Confirm("Washington", "-o", "json", "--note", "statement at the daily briefing", "--request-id", "req-1"))).Json();

        Assert.Equal("DELIVERY_STATE_APPLIED", json.GetProperty("deliveryState").GetString());
        Assert.Equal("CLAIM_STATUS_PENDING", json.GetProperty("status").GetString());
        Assert.Equal("statement at the daily briefing", json.GetProperty("verdict").GetProperty("note").GetString());
        Assert.Equal("Washington gives its go-ahead.", json.GetProperty("verdict").GetProperty("evidence")[0].GetProperty("quote").GetString());

        // The same request id again records nothing twice.
        var again = (await cli.OkAsync(Confirm("Washington", "-o", "json", "--note", "statement at the daily briefing", "--request-id", "req-1"))).Json();
        Assert.Equal(json.GetProperty("verdict").GetProperty("name").GetString(), again.GetProperty("verdict").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Deny_dispute_and_retract_report_the_new_status()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);

        var denied = await cli.OkAsync("verify", "deny", "agreement", "--party", "Baghdad", "--quote", "There is no agreement yet.");
        Assert.StartsWith("Baghdad denied; status is now REFUTED", denied.Out, StringComparison.Ordinal);

        var disputed = await cli.OkAsync("verify", "dispute", "agreement", "--party", "Washington", "--evidence-url", "https://example.org/d");
        Assert.StartsWith("Washington disputed; status is now ", disputed.Out, StringComparison.Ordinal);

        var retracted = await cli.OkAsync("verify", "retract", "agreement", "--party", "Washington", "--evidence-url", "https://example.org/r");
        Assert.StartsWith("Washington retracted; status is now RETRACTED", retracted.Out, StringComparison.Ordinal);

        // RETRACTED is final: the verification service says no, and the tool exits 1 with its reason.
        var refused = await cli.ExpectAsync(1, Confirm("Washington"));
        Assert.Equal("", refused.Out);
        Assert.StartsWith("error: ", refused.Error, StringComparison.Ordinal);
        Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Verdict_is_queued_plainly_when_the_claims_service_is_unreachable()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);
        // Let the verification service read the claim once, as it would have in normal use.
        await cli.OkAsync("verify", "summary", "agreement");
        services.Link.Cut();

        var queued = await cli.OkAsync(Confirm("Washington"));

        Assert.Equal("Washington confirmed; queued: the claims service is unreachable; it will be applied when it is back\n", queued.Out);
        var summary = (await cli.OkAsync("verify", "summary", "agreement", "-o", "json")).Json();
        Assert.NotEmpty(summary.GetProperty("pendingDeliveries").EnumerateArray());

        services.Link.Restore();
        var status = await Eventually.Until(
            async () => (await cli.OkAsync("claims", "get", "agreement", "-o", "json")).Json().GetProperty("claim").GetProperty("statusDetail").GetString()!,
            detail => detail == "confirmed by Washington; awaiting Baghdad", "the queued verdict to reach the claims service");

        Assert.Equal("confirmed by Washington; awaiting Baghdad", status);
    }

    [Fact]
    public async Task Verdict_without_evidence_is_bad_usage_and_sends_nothing()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);

        var result = await cli.ExpectAsync(2, "verify", "confirm", "agreement", "--party", "Washington");

        Assert.Equal("error: a verdict needs evidence: give --evidence-url, --quote, or both\n", result.Error);
        var summary = (await cli.OkAsync("verify", "summary", "agreement", "-o", "json")).Json();
        Assert.Empty(summary.GetProperty("latestVerdicts").EnumerateArray());
    }

    [Fact]
    public async Task Summary_of_an_unreachable_verification_service_exits_3()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services, new Dictionary<string, string> { ["FACTCHECK_VERIFICATION_URL"] = CliRunner.ClosedAddress() });
        cli.Unplugged.Add(ServiceKind.Verification);

        var result = await cli.ExpectAsync(3, "verify", "summary", "agreement");

        Assert.Matches(@"^error: cannot reach the verification service at http://127\.0\.0\.1:\d+/ \(is it running\? set --verification-url or FACTCHECK_VERIFICATION_URL\)\n$", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Summary_names_the_claims_service_when_only_it_is_unreachable()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);
        // The verification service has never read this claim, so it has nothing to fall back on.
        services.Link.Cut();

        var result = await cli.ExpectAsync(3, "verify", "summary", "agreement");

        Assert.StartsWith("error: the verification service at http://verification.test/ answered: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("claims service", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verdict_on_a_missing_claim_exits_1()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var result = await cli.ExpectAsync(1, "verify", "confirm", "claims/nothing-here", "--party", "Washington", "--quote", "yes", "-o", "json");

        Assert.Equal("", result.Out);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }
}
