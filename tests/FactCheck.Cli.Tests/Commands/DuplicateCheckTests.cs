using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactCheck.Cli.Tests.Support;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>
/// `claims similar` and the likely-duplicate check of `claims add`, `import` and `extract`, against
/// the real claims service (MatchClaims) in memory: on meaning, with its background indexer, where
/// a paraphrase must be found; on words alone (the test hosts' default) where an exact repeat will do.
/// </summary>
public sealed class DuplicateCheckTests
{
    private static readonly Dictionary<string, string?> OnMeaning = new() { ["Matching:Semantic"] = "true" };

    /// <summary>The sample agreement, said in other words (the article's wording).</summary>
    private const string AgreementParaphrase = "US and Iraqi diplomats have reached an agreement on withdrawing American troops from Iraq.";

    /// <summary>The sample agreement's text as stored: a repeat of it is a duplicate on its words alone.</summary>
    private static readonly string AgreementText = SampleClaims.Claim("agreement").Text;

    private static ServicePair Services(bool meaning) => new(secured: false, claimsSettings: meaning ? OnMeaning : null);

    /// <summary>
    /// The sample claims imported and, on a service that matches on meaning, indexed: it indexes in
    /// the background, and a paraphrase is found only once its claim is indexed.
    /// </summary>
    private static async Task<CliRunner> WithSampleClaimsAsync(ServicePair services, bool meaning, string? folder = null)
    {
        var cli = new CliRunner(services, currentDirectory: folder);
        await cli.OkAsync("import", SampleClaims.File);
        if (!meaning)
        {
            return cli;
        }

        var answer = await Eventually.Until(
            async () => (await cli.OkAsync("claims", "similar", "troops", "-o", "json")).Json(),
            json => json.GetProperty("unindexedClaims").GetString() == "0",
            "the claims service to index the 16 sample claims for meaning (MatchClaims' unindexedClaims to reach 0)",
            describe: json => json.ToString());
        Assert.True(answer.GetProperty("semanticModel").GetString() is { Length: > 0 },
            "the test claims service matches on words alone (Matching:Semantic off?); these tests need it to match on meaning");
        return cli;
    }

    private static async Task<int> CountAsync(CliRunner cli) =>
        (await cli.OkAsync("claims", "list", "--all", "-o", "json")).Json().GetProperty("claims").GetArrayLength();

    private static double Score(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Similar_prints_the_matches_best_first_as_a_table_and_as_json()
    {
        await using var services = Services(meaning: true);
        var cli = await WithSampleClaimsAsync(services, meaning: true);

        var table = await cli.OkAsync("claims", "similar", AgreementParaphrase);

        Assert.Matches(@"^SCORE +ID +STATUS +TEXT$", table.Lines[0]);
        var first = Regex.Match(table.Lines[1], @"^(\d\.\d\d) +agreement +PENDING +Diplomats from the United States and Iraq have agreed on a plan…$");
        Assert.True(first.Success, table.ToString());
        // In the service's order (its fused ranking), with the likely duplicate on top.
        var scores = table.Lines.Skip(1).Select(l => Score(l.Split(' ')[0])).ToList();
        Assert.Equal(scores.Max(), scores[0]);
        Assert.Equal("", table.Error);

        var json = (await cli.OkAsync("claims", "similar", AgreementParaphrase, "--page-size", "3", "-o", "json")).Json();
        var matches = json.GetProperty("matches").EnumerateArray().ToList();
        Assert.InRange(matches.Count, 1, 3);
        Assert.Equal("claims/agreement", matches[0].GetProperty("claim").GetProperty("name").GetString());
        Assert.Equal(Score(first.Groups[1].Value), Math.Round(matches[0].GetProperty("score").GetDouble(), 2));
        Assert.True(matches[0].GetProperty("semanticallyIndexed").GetBoolean());
        Assert.Equal("0", json.GetProperty("unindexedClaims").GetString());

        // The filters of `claims list` narrow it: no sample claim is confirmed yet.
        var none = await cli.OkAsync("claims", "similar", AgreementParaphrase, "--status", "confirmed");
        Assert.Equal("", none.Out);
        Assert.Equal("no claims match\n", none.Error);
        var tagged = (await cli.OkAsync("claims", "similar", AgreementParaphrase, "--tag", "no-such-tag", "--language", "en", "-o", "json")).Json();
        Assert.Empty(tagged.GetProperty("matches").EnumerateArray());

        var tooMany = await cli.ExpectAsync(2, "claims", "similar", "troops", "--page-size", "51");
        Assert.Equal("error: --page-size: must be 1 to 50 (got 51)\n", tooMany.Error);
    }

    [Fact]
    public async Task Add_refuses_a_likely_duplicate_with_exit_1_naming_it_and_allow_duplicate_creates_it()
    {
        await using var services = Services(meaning: false);
        var cli = await WithSampleClaimsAsync(services, meaning: false);
        string[] add = ["claims", "add", "--id", "agreement-again", "--text", AgreementText, "--source", "https://example.org/news/again"];

        var refused = await cli.ExpectAsync(1, add);

        Assert.Equal("", refused.Out);
        var lines = refused.Error.TrimEnd('\n').Split('\n');
        Assert.StartsWith("error: not created: ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^  (\d\.\d\d)  claims/agreement  Diplomats from the United States and Iraq have agreed on a plan…$", lines[1]);
        Assert.True(Score(lines[1].Trim()[..4]) >= 0.80, lines[1]);
        Assert.Equal("Add to the existing claim instead (`factcheck claims get ID`), or create it anyway with --allow-duplicate.", lines[^1]);
        Assert.Equal(16, await CountAsync(cli));

        // A threshold above every score lets it through; so does --allow-duplicate.
        var allowed = await cli.OkAsync([.. add, "--allow-duplicate"]);
        Assert.Equal("created claims/agreement-again (UNVERIFIED)\n", allowed.Out);
        Assert.Equal(17, await CountAsync(cli));
        var bad = await cli.ExpectAsync(2, [.. add, "--duplicate-threshold", "1.5"]);
        Assert.StartsWith("--duplicate-threshold: must be above 0 and at most 1 (got 1.5)", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_repeated_with_its_request_id_is_not_its_own_duplicate()
    {
        await using var services = Services(meaning: false);
        var cli = await WithSampleClaimsAsync(services, meaning: false);
        string[] add = ["claims", "add", "--text", "Maravia's electoral commission will publish the final results on 20 September.",
            "--source", "https://example.org/maravia", "--request-id", "maravia-results"];

        var first = await cli.OkAsync(add);
        var again = await cli.OkAsync(add);

        Assert.Equal(first.Out, again.Out);
        Assert.Equal(17, await CountAsync(cli));
    }

    [Fact]
    public async Task Import_leaves_out_a_likely_duplicate_reports_it_and_allow_duplicates_creates_it()
    {
        await using var services = Services(meaning: false);
        var folder = services.Folder.Path;
        var cli = await WithSampleClaimsAsync(services, meaning: false, folder);
        var entries = new[]
        {
            new { id = "agreement-again", text = AgreementText, parent = (string?)null },
            new { id = "maravia-vote", text = "Maravia will hold an early general election on 14 September.", parent = (string?)null },
            new { id = "joint-commission", text = "A joint commission is to oversee each stage of the pull-out plan.", parent = (string?)"agreement-again" },
        };
        var file = JsonSerializer.Serialize(new
        {
            claims = entries.Select(e => new { e.id, e.text, e.parent, sources = new[] { new { url = "https://example.org/import/" + e.id } } }),
        });
        await File.WriteAllTextAsync(Path.Combine(folder, "dups.json"), file.Replace(",\"parent\":null", "", StringComparison.Ordinal));

        var imported = await cli.OkAsync("import", "dups.json");

        Assert.Matches(@"^skipped claims/agreement-again: likely duplicate of claims/agreement \(\d\.\d\d\); --allow-duplicates creates it$", imported.Lines[0]);
        Assert.Equal(["created claims/maravia-vote", "created claims/joint-commission"], imported.Lines[1..3]);
        Assert.Equal("3 claims from dups.json: 2 created, 0 unchanged, 1 not created (likely duplicates), 0 failed", imported.Lines[^1]);
        // What depended on the duplicate depends on the claim it duplicates.
        var child = (await cli.OkAsync("claims", "get", "joint-commission", "-o", "json")).Json().GetProperty("claim");
        Assert.Equal("claims/agreement", child.GetProperty("parent").GetString());
        Assert.Equal(18, await CountAsync(cli));

        // Again: the same decisions, nothing new, and as JSON each left-out entry with its matches.
        var again = (await cli.OkAsync("import", "dups.json", "-o", "json")).Json();
        Assert.Empty(again.GetProperty("created").EnumerateArray());
        Assert.Equal(["claims/maravia-vote", "claims/joint-commission"], again.GetProperty("unchanged").EnumerateArray().Select(e => e.GetString()));
        var duplicate = Assert.Single(again.GetProperty("duplicates").EnumerateArray());
        Assert.Equal(("claims/agreement-again", "claims[0]"), (duplicate.GetProperty("claim").GetString(), duplicate.GetProperty("position").GetString()));
        var match = duplicate.GetProperty("matches")[0];
        Assert.Equal("claims/agreement", match.GetProperty("claim").GetString());
        Assert.InRange(match.GetProperty("score").GetDouble(), 0.80, 1.0);

        // --allow-duplicates creates it (a file of the duplicate alone: its dependant is tracked under the agreement now).
        await File.WriteAllTextAsync(Path.Combine(folder, "dup.json"),
            JsonSerializer.Serialize(new { claims = new[] { new { id = "agreement-again", text = AgreementText, sources = new[] { new { url = "https://example.org/import/agreement-again" } } } } }));
        var forced = await cli.OkAsync("import", "dup.json", "--allow-duplicates");
        Assert.Equal(["created claims/agreement-again", "1 claims from dup.json: 1 created, 0 unchanged, 0 failed"], forced.Lines);
        Assert.Equal(19, await CountAsync(cli));
    }

    [Fact]
    public async Task Extract_marks_the_proposals_tracked_already_and_import_leaves_them_out()
    {
        await using var services = Services(meaning: true);
        var cli = await WithSampleClaimsAsync(services, meaning: true);
        var article = Repository.File("samples", "articles", "iraq-withdrawal.txt");
        string[] extract = ["extract", article, "--published", "2024-09-06", "--publisher", "Example News"];
        const string AgreementProposal = "example-news-us-and-iraqi-diplomats-d2424bbb";

        var review = await cli.OkAsync(extract);
        var lines = review.Lines.ToList();
        var at = lines.IndexOf($"1. {AgreementProposal}  PENDING (awaiting Washington and Baghdad)");
        Assert.True(at >= 0, review.ToString());
        Assert.Contains(lines.Skip(at).TakeWhile(l => !l.StartsWith("2. ", StringComparison.Ordinal)),
            l => Regex.IsMatch(l, @"^   tracked:  already tracked as claims/agreement \(\d\.\d\d\)"));
        var tracked = lines.Count(l => l.StartsWith("   tracked:  already tracked as claims/", StringComparison.Ordinal));
        Assert.Contains($"{tracked} of them likely tracked already: --import leaves them out (--allow-duplicates creates them too).", lines);

        var file = (await cli.OkAsync([.. extract, "--url", "https://example.org/news/us-iraq-withdrawal-article", "-o", "json"])).Json();
        Assert.Matches(@" Likely tracked already, so an import leaves them out: claims\[0\] as claims/agreement \(\d\.\d\d\)", file.GetProperty("about").GetString());

        var imported = await cli.OkAsync([.. extract, "--url", "https://example.org/news/us-iraq-withdrawal-article", "--import"]);
        Assert.Matches($@"(?m)^skipped claims/{AgreementProposal}: likely duplicate of claims/agreement \(\d\.\d\d\)", imported.Out);
        Assert.Equal($"16 claims from {article}: {16 - tracked} created, 0 unchanged, {tracked} not created (likely duplicates), 0 failed", imported.Lines[^1]);
        Assert.Equal(16 + 16 - tracked, await CountAsync(cli));
        await cli.ExpectAsync(1, "claims", "get", AgreementProposal);
    }

    [Fact]
    public async Task Extract_without_a_reachable_claims_service_still_proposes_and_says_it_did_not_check()
    {
        var address = CliRunner.ClosedAddress();
        var result = await new CliRunner(null).OkAsync("extract", Repository.File("samples", "articles", "iraq-withdrawal.txt"), "--published", "2024-09-06", "--claims-url", address);

        Assert.StartsWith("16 claims proposed from ", result.Lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("   tracked:", StringComparison.Ordinal));
        Assert.Equal($"note: proposals not checked against the claims already tracked: cannot reach the claims service at {address}/ (is it running? set --claims-url or FACTCHECK_CLAIMS_URL)\n", result.Error);
    }
}
