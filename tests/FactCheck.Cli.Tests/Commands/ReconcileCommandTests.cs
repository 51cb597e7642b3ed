using FactCheck.Cli.Tests.Support;
using FactCheck.Testing;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>`admin reconcile` against both real services in memory, after the claims database was put back to an older copy.</summary>
public sealed class ReconcileCommandTests
{
    private static string[] Confirm(string claim, string party) =>
    [
        "verify", "confirm", claim, "--party", party, "--official", $"{party} spokesperson",
        "--evidence-url", $"https://example.org/statements/{party.ToLowerInvariant()}", "--quote", $"{party} gives its go-ahead.",
    ];

    [Fact]
    public async Task Reconcile_prints_what_it_delivered_again_and_the_claims_the_claims_service_lacks()
    {
        await using var services = new ServicePair(secured: false, settings: new Dictionary<string, string?> { ["Verification:ReconcileInterval"] = "00:00:00" });
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);
        await cli.OkAsync(Confirm("agreement", "Washington"));
        var copy = services.Folder.File("claims-copy.db");
        await SqliteCopy.TakeAsync(services.Folder.ClaimsDb, copy);
        await cli.OkAsync(Confirm("agreement", "Baghdad"));
        await cli.OkAsync("claims", "add", "--id", "late", "--text", "The last US troops leave Iraq by the end of 2026.", "--source", "https://example.org/news/withdrawal", "--allow-duplicate");
        await cli.OkAsync(Confirm("late", "Washington"));
        await services.StopClaimsAsync();
        services.StartClaims(database: copy);

        var table = await cli.OkAsync("admin", "reconcile");

        Assert.Matches(@"(?m)^Pass: +\S+ \S+ to \S+ \S+, complete$", table.Out);
        Assert.Matches(@"(?m)^Checked: +2 claim\(s\)$", table.Out);
        Assert.Matches(@"(?m)^Delivered again: +claims/agreement$", table.Out);
        Assert.Matches(@"(?m)^Missing: +1 claim\(s\) the claims service does not have; their verdicts are kept here$", table.Out);
        Assert.Matches(@"(?m)^claims/late +1$", table.Out);
        await Eventually.Until(async () => (await cli.OkAsync("verify", "summary", "agreement", "-o", "json")).Json().GetProperty("claimStatus").GetString(),
            s => s == "CLAIM_STATUS_CONFIRMED", "the agreement CONFIRMED again");

        var json = (await cli.OkAsync("admin", "reconcile", "-o", "json")).Json();
        Assert.True(json.GetProperty("complete").GetBoolean());
        Assert.Empty(json.GetProperty("redeliveredClaims").EnumerateArray());
        Assert.Equal("claims/late", json.GetProperty("missingClaims")[0].GetProperty("claim").GetString());
    }

    [Fact]
    public async Task Reconcile_exits_3_when_the_claims_service_does_not_answer()
    {
        await using var services = new ServicePair(secured: false, settings: new Dictionary<string, string?> { ["Verification:ReconcileInterval"] = "00:00:00" });
        var cli = new CliRunner(services);
        await ClaimsCommandTests.AddAgreementAsync(cli);
        await cli.OkAsync(Confirm("agreement", "Washington"));
        await services.StopClaimsAsync();

        var result = await cli.ExpectAsync(3, "admin", "reconcile");

        Assert.Matches(@"(?m)^Pass: .*, stopped early: the claims service did not answer for claims/agreement: ", result.Out);
        Assert.StartsWith("error: the pass stopped early: the claims service did not answer for claims/agreement: ", result.Error, StringComparison.Ordinal);
    }
}
