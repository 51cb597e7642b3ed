using System.Text.Json;
using FactCheck.Cli.Tests.Support;

namespace FactCheck.Cli.Tests.Extract;

/// <summary>`factcheck extract`: the review list, the import file it writes, --import, and its errors.</summary>
public sealed class ExtractCommandTests
{
    private const string Url = "https://example.org/news/us-iraq-withdrawal-article";

    private static readonly string Article = Repository.File("samples", "articles", "iraq-withdrawal.txt");

    private static string[] Extract(params string[] more) =>
        ["extract", Article, "--published", "2024-09-06", "--url", Url, "--publisher", "Example News", .. more];

    [Fact]
    public async Task The_json_imports_as_written_with_the_agreement_pending_and_its_dependants_linked()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        var json = await cli.OkAsync(Extract("--output", "json"));
        var file = Path.Combine(services.Folder.Path, "proposed.json");
        await File.WriteAllTextAsync(file, json.Out);

        var imported = await cli.OkAsync("import", file);
        Assert.EndsWith("16 claims from " + file + ": 16 created, 0 unchanged, 0 failed", imported.Out.TrimEnd(), StringComparison.Ordinal);

        var claims = json.Json().GetProperty("claims").EnumerateArray().ToList();
        var agreementId = claims[0].GetProperty("id").GetString()!;
        var agreement = (await cli.OkAsync("claims", "get", agreementId, "-o", "json")).Json().GetProperty("claim");
        Assert.Equal("CLAIM_STATUS_PENDING", agreement.GetProperty("status").GetString());
        Assert.Equal("awaiting Washington and Baghdad", agreement.GetProperty("statusDetail").GetString());
        Assert.Equal(["Washington", "Baghdad"], agreement.GetProperty("requiredParties").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("a US official", agreement.GetProperty("speaker").GetString());
        var source = agreement.GetProperty("sources")[0];
        Assert.Equal(Url, source.GetProperty("url").GetString());
        Assert.Equal("Example News", source.GetProperty("publisher").GetString());
        Assert.StartsWith("US and Iraqi diplomats have reached an agreement", source.GetProperty("quote").GetString(), StringComparison.Ordinal);

        var children = (await cli.OkAsync("claims", "list", "--parent", agreementId, "--order", "due-soonest", "-o", "json")).Json().GetProperty("claims");
        Assert.Equal(
            ["2025-09-30T23:59:59Z", "2025-09-30T23:59:59Z", "2026-09-30T23:59:59Z", "2026-12-31T23:59:59Z"],
            children.EnumerateArray().Select(c => c.GetProperty("dueTime").GetString()));
    }

    [Fact]
    public async Task Importing_directly_twice_creates_nothing_the_second_time()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var first = await cli.OkAsync(Extract("--import"));
        Assert.Equal(16, first.Lines.Count(l => l.StartsWith("created claims/", StringComparison.Ordinal)));
        var second = await cli.OkAsync(Extract("--import"));
        Assert.Equal($"16 claims from {Article}: 0 created, 16 unchanged, 0 failed", second.Lines[^1]);

        var listed = (await cli.OkAsync("claims", "list", "--tag", "extracted", "--all", "-o", "json")).Json().GetProperty("claims");
        Assert.Equal(16, listed.GetArrayLength());
    }

    [Fact]
    public async Task The_same_article_gives_the_same_proposals_and_ids_every_time()
    {
        var cli = new CliRunner(null);
        var first = await cli.OkAsync(Extract("--output", "json"));
        var second = await cli.OkAsync(Extract("--output", "json"));
        Assert.Equal(first.Out, second.Out);
        var ids = first.Json().GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^example-news-[a-z0-9-]+-[0-9a-f]{8}$", id));
    }

    [Fact]
    public async Task The_review_list_shows_what_was_found_and_what_was_skipped()
    {
        var cli = new CliRunner(null);
        var result = await cli.OkAsync("extract", Article, "--published", "2024-09-06", "--show-skipped");
        var lines = result.Lines;
        Assert.Equal($"16 claims proposed from {Article} (reference date 2024-09-06, from --published); 3 sentences skipped", lines[0]);
        Assert.Contains("   parties:  Washington, Baghdad (\"still needs a final go-ahead from officials in Washington and Baghdad\")", lines);
        Assert.Contains("   due:      2026-12-31 (\"by the end of 2026\")", lines);
        Assert.Contains("   dated:    2024-09-02 (\"on Monday\", past: a fact, not a deadline)", lines);
        Assert.Contains(lines, l => l.StartsWith("   note:     kept although hedged by 'may'", StringComparison.Ordinal));
        Assert.Contains("Skipped: 1 heading, 1 question, 1 opinion", lines);
        Assert.Contains("  at 778: question: \"What does the plan mean for the region?\"", lines);
    }

    [Fact]
    public async Task Standard_input_is_read_for_a_dash_and_today_is_the_default_reference_date()
    {
        var cli = new CliRunner(null) { Input = "Maravia will hold an early general election on 14 September, the electoral commission said." };
        var result = await cli.OkAsync("extract", "-");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"1 claims proposed from - (reference date {today}: today, as no --published was given)", result.Lines[0], StringComparison.Ordinal);
        Assert.Contains("   speaker:  the electoral commission", result.Lines);
    }

    [Theory]
    [InlineData("missing.txt: no such file", "extract", "missing.txt")]
    [InlineData("--published: '15/03/2024' is not a date; write it as 2024-03-15", "extract", "samples/articles/iraq-withdrawal.txt", "--published", "15/03/2024")]
    [InlineData("--url: must be an absolute http or https URL (got 'example.org/a')", "extract", "samples/articles/iraq-withdrawal.txt", "--url", "example.org/a")]
    [InlineData("--url is required with --output json and --import", "extract", "samples/articles/iraq-withdrawal.txt", "--import")]
    [InlineData("--url is required with --output json and --import", "extract", "samples/articles/iraq-withdrawal.txt", "-o", "json")]
    public async Task Bad_input_is_one_line_naming_the_option_and_nothing_is_written(string message, params string[] args)
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services, currentDirectory: Repository.Root);
        var result = await cli.ExpectAsync(2, args);
        Assert.Equal("", result.Out);
        Assert.StartsWith("error: " + message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        var listed = (await cli.OkAsync("claims", "list", "-o", "json")).Json();
        Assert.False(listed.TryGetProperty("claims", out var claims) && claims.GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body><nav>Home</nav></body></html>")]
    public async Task An_empty_article_is_refused(string content)
    {
        var cli = new CliRunner(null) { Input = content };
        var result = await cli.ExpectAsync(2, "extract", "-", "--url", Url, "-o", "json");
        Assert.Equal("error: -: the article is empty (no text to read)", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task An_article_with_nothing_to_check_writes_no_file()
    {
        var cli = new CliRunner(null) { Input = "Is it over?\n\nIn my view, it should be." };
        var review = await cli.OkAsync("extract", "-");
        Assert.StartsWith("0 claims proposed from -", review.Lines[0], StringComparison.Ordinal);
        var json = await cli.ExpectAsync(2, "extract", "-", "--url", Url, "-o", "json");
        Assert.StartsWith("error: -: no check-worthy statement found; nothing to write", json.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_is_the_import_format_and_nothing_more()
    {
        // Field names the import reads, so an import of the output can never stop at an unknown field.
        var claim = JsonDocument.Parse((await new CliRunner(null).OkAsync(Extract("--output", "json"))).Out).RootElement.GetProperty("claims")[1];
        Assert.Equal(["id", "text", "speaker", "sources", "due", "parent", "tags", "language"], claim.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2025-09-30T23:59:59Z", claim.GetProperty("due").GetString());
    }
}
