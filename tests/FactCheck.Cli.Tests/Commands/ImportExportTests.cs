using System.Text.Json;
using FactCheck.Cli.Tests.Support;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>`import` (validation with positions, idempotence, parents first) and `export` (JSON and ClaimReview JSON-LD).</summary>
public sealed class ImportExportTests
{
    private static readonly string Sample = Repository.File("samples", "claims.json");

    private static async Task<string[]> NamesAsync(CliRunner cli) =>
        (await cli.OkAsync("claims", "list", "--all", "--order", "oldest", "-o", "json")).Json()
            .GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task Importing_the_sample_twice_creates_nothing_new()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);

        var first = await cli.OkAsync("import", Sample);
        Assert.Equal(17, first.Lines.Length);
        Assert.Equal("created claims/agreement", first.Lines[0]);
        Assert.Equal($"16 claims from {Sample}: 16 created, 0 unchanged, 0 failed", first.Lines[^1]);
        var names = await NamesAsync(cli);
        Assert.Equal(16, names.Length);

        var second = await cli.OkAsync("import", Sample, "-o", "json");
        var json = second.Json();
        Assert.Empty(json.GetProperty("created").EnumerateArray());
        Assert.Equal(16, json.GetProperty("unchanged").GetArrayLength());
        Assert.Empty(json.GetProperty("failed").EnumerateArray());
        Assert.Equal(names, await NamesAsync(cli));

        // Each claim was created exactly once: one CREATED event, with the request id derived from its content.
        var history = (await cli.OkAsync("claims", "history", "agreement", "-o", "json")).Json().GetProperty("events");
        var created = Assert.Single(history.EnumerateArray());
        Assert.Matches("^import-[0-9a-f]{32}$", created.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task The_sample_holds_the_agreement_pending_and_its_dependants_with_due_times()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await cli.OkAsync("import", Sample);

        var agreement = (await cli.OkAsync("claims", "get", "agreement", "-o", "json")).Json().GetProperty("claim");
        Assert.Equal("CLAIM_STATUS_PENDING", agreement.GetProperty("status").GetString());
        Assert.Equal(["Washington", "Baghdad"], agreement.GetProperty("requiredParties").EnumerateArray().Select(p => p.GetString()));
        Assert.StartsWith("https://example.org/", agreement.GetProperty("sources")[0].GetProperty("url").GetString(), StringComparison.Ordinal);

        var children = (await cli.OkAsync("claims", "list", "--parent", "agreement", "--order", "due-soonest", "-o", "json")).Json().GetProperty("claims");
        Assert.Equal(
            [
                ("claims/first-withdrawal", "2025-09-30T23:59:59Z"),
                ("claims/ain-al-asad", "2025-09-30T23:59:59Z"),
                ("claims/erbil", "2026-09-30T23:59:59Z"),
                ("claims/final-withdrawal", "2026-12-31T23:59:59Z"),
            ],
            children.EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("dueTime").GetString())));
    }

    [Fact]
    public async Task A_bad_file_reports_every_bad_field_by_position_and_writes_nothing()
    {
        await using var services = new ServicePair(secured: false);
        var folder = services.Folder;
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "bad.json"),
            """
            {
              "claims": [
                { "id": "good", "text": "A fine claim.", "sources": [{ "url": "https://example.org/a" }] },
                { "id": "Bad Id", "text": "", "sources": [{ "url": "/relative" }], "tags": ["ok", "not ok"] },
                { "id": "child", "text": "Depends on a stranger.", "parent": "nobody", "due": "someday",
                  "sources": [], "speeker": "typo" },
                { "id": "good", "text": "Same id again.", "status": "confirmed", "sources": [{ "url": "https://example.org/b" }] }
              ]
            }
            """);
        var cli = new CliRunner(services, currentDirectory: folder.Path);

        var result = await cli.ExpectAsync(2, "import", "bad.json");

        Assert.Equal(
            [
                "bad.json:4:13: claims[1].id: must be 1 to 63 lower-case letters, digits or '-', starting with a letter",
                "bad.json:4:31: claims[1].text: is required",
                "bad.json:4:56: claims[1].sources[0].url: must be an absolute http or https URL (got '/relative')",
                "bad.json:4:87: claims[1].tags[1]: may contain only letters, digits, '.', '_' and '-' (got 'not ok')",
                "bad.json:5:66: claims[2].parent: 'nobody' is not the id of a claim in this file (to name a claim already in the service, write 'claims/nobody')",
                "bad.json:5:83: claims[2].due: must be a date (2026-12-31) or a time (2026-12-31T23:59:59Z) (got 'someday')",
                "bad.json:6:18: claims[2].sources: at least one source is required",
                "bad.json:6:33: claims[2].speeker: unknown field (known: id, text, speaker, sources, status, requiredParties, due, parent, tags, language)",
                "bad.json:7:13: claims[3].id: 'good' is already the id of claims[0]",
                "bad.json:7:57: claims[3].status: must be \"unverified\" or \"pending\" (got 'confirmed'); later statuses come from verdicts",
                "error: bad.json has 10 problem(s); nothing was imported",
            ],
            result.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal("", result.Out);
        Assert.Empty(await NamesAsync(cli));

        await File.WriteAllTextAsync(Path.Combine(folder.Path, "broken.json"), "{ \"claims\": [ { \"text\": \"x\", } \n ,, ] }");
        var broken = await cli.ExpectAsync(2, "import", "broken.json");
        Assert.StartsWith("broken.json:2:", broken.Error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parents_may_name_claims_already_in_the_service_and_must_exist()
    {
        await using var services = new ServicePair(secured: false);
        var folder = services.Folder;
        var cli = new CliRunner(services, currentDirectory: folder.Path);
        await cli.OkAsync("claims", "add", "--id", "existing", "--text", "Already there.", "--source", "https://example.org/e");
        // The child comes first in the file; the import still creates its parent first.
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "linked.json"),
            """
            { "claims": [
              { "text": "Child without an id.", "parent": "parent", "sources": [{ "url": "https://example.org/c" }] },
              { "id": "parent", "text": "Parent.", "parent": "claims/existing", "sources": [{ "url": "https://example.org/p" }] }
            ] }
            """);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "dangling.json"),
            """{ "claims": [ { "text": "x", "parent": "claims/ghost", "sources": [{ "url": "https://example.org/c" }] } ] }""");

        var dry = await cli.OkAsync("import", "linked.json", "--dry-run");
        Assert.Equal("linked.json: 2 claims, valid; nothing written (--dry-run)\n", dry.Error);
        Assert.Equal(["claims/existing"], await NamesAsync(cli));

        var linked = await cli.OkAsync("import", "linked.json");
        Assert.Equal("created claims/parent", linked.Lines[0]);
        Assert.Matches("^created claims/c-[0-9a-f]{20}$", linked.Lines[1]);
        var child = linked.Lines[1]["created ".Length..];
        Assert.Equal("claims/parent", (await cli.OkAsync("claims", "get", child, "-o", "json")).Json().GetProperty("claim").GetProperty("parent").GetString());
        Assert.Equal("0 created, 2 unchanged", (await cli.OkAsync("import", "linked.json")).Lines[^1].Split(": ")[1][..22]);

        var dangling = await cli.ExpectAsync(2, "import", "dangling.json");
        Assert.StartsWith("dangling.json:1:40: claims[0].parent: claims/ghost does not exist in the claims service", dangling.Error, StringComparison.Ordinal);

        // Changing an imported entry and importing again is a conflict, not a silent overwrite.
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "linked.json"),
            """{ "claims": [ { "id": "parent", "text": "Parent, edited.", "sources": [{ "url": "https://example.org/p" }] } ] }""");
        var conflict = await cli.ExpectAsync(1, "import", "linked.json");
        Assert.Equal("failed claims/parent: already exists with other text, parent; change it with `factcheck claims edit`, or give the entry another id", conflict.Lines[0]);
    }

    [Fact]
    public async Task Export_writes_json_and_claimreview_json_ld_with_the_mapped_fields()
    {
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services);
        await cli.OkAsync("import", Sample);
        await cli.OkAsync("verify", "confirm", "agreement", "--party", "Washington", "--quote", "Go-ahead given.");
        await cli.OkAsync("verify", "confirm", "agreement", "--party", "Baghdad", "--quote", "Go-ahead given.");
        await cli.OkAsync("verify", "deny", "militia-attacks", "--party", "Pentagon", "--quote", "Fewer attacks than that.");

        var plain = (await cli.OkAsync("export")).Json();
        Assert.Equal(16, plain.GetProperty("claims").GetArrayLength());
        Assert.Equal("claims/agreement", plain.GetProperty("claims")[0].GetProperty("name").GetString());

        var document = (await cli.OkAsync("export", "--format", "claimreview", "--reviewer", "Example Fact Desk", "--review-url", "https://factcheck.example.org/claims/")).Json();
        Assert.Empty(ClaimReviewSchema.Problems(document));
        var reviews = document.GetProperty("@graph").EnumerateArray().ToDictionary(r => r.GetProperty("identifier").GetString()!);
        Assert.Equal(16, reviews.Count);

        var agreement = reviews["claims/agreement"];
        Assert.Equal("ClaimReview", agreement.GetProperty("@type").GetString());
        Assert.Equal("https://factcheck.example.org/claims/agreement", agreement.GetProperty("url").GetString());
        Assert.StartsWith("Diplomats from the United States and Iraq", agreement.GetProperty("claimReviewed").GetString(), StringComparison.Ordinal);
        Assert.Equal("Example Fact Desk", agreement.GetProperty("author").GetProperty("name").GetString());
        var rating = agreement.GetProperty("reviewRating");
        Assert.Equal((5, 5, 1, "Confirmed"), (rating.GetProperty("ratingValue").GetInt32(), rating.GetProperty("bestRating").GetInt32(),
            rating.GetProperty("worstRating").GetInt32(), rating.GetProperty("alternateName").GetString()));
        Assert.Equal("confirmed by Washington and Baghdad", rating.GetProperty("ratingExplanation").GetString());
        var item = agreement.GetProperty("itemReviewed");
        Assert.Equal(("Claim", "Person", "an unnamed US official"),
            (item.GetProperty("@type").GetString(), item.GetProperty("author").GetProperty("@type").GetString(), item.GetProperty("author").GetProperty("name").GetString()));
        var appearance = Assert.Single(item.GetProperty("appearance").EnumerateArray());
        Assert.Equal("https://example.org/news/us-iraq-withdrawal-agreement", appearance.GetProperty("url").GetString());
        Assert.Equal("Example News (placeholder: real publisher unknown)", appearance.GetProperty("publisher").GetProperty("name").GetString());

        Assert.Equal((1, "False"), Rating(reviews["claims/militia-attacks"]));
        Assert.Equal((3, "Unverified"), Rating(reviews["claims/surge-peak"]));

        var confirmedOnly = (await cli.OkAsync("export", "--format", "claimreview", "--status", "confirmed")).Json();
        Assert.Equal(["claims/agreement"], confirmedOnly.GetProperty("@graph").EnumerateArray().Select(r => r.GetProperty("identifier").GetString()));
    }

    [Fact]
    public void The_validator_rejects_what_is_not_claimreview_json_ld()
    {
        using var bad = JsonDocument.Parse(
            """
            { "@context": "https://example.org", "@graph": [
              { "@type": "ClaimReview", "claimReviewed": "", "rating": 3, "@foo": 1,
                "reviewRating": { "@type": "Rating", "ratingValue": 9, "bestRating": 5, "worstRating": 1 },
                "itemReviewed": { "@type": "Thing", "appearance": [] }, "datePublished": "yesterday" } ] }
            """);

        Assert.Equal(
            [
                "$.@context: must be \"https://schema.org\"",
                "$.@graph[0].claimReviewed: must be non-empty text",
                "$.@graph[0].rating: not a schema.org property of ClaimReview",
                "$.@graph[0].@foo: not a JSON-LD keyword allowed in a node object",
                "$.@graph[0].reviewRating.ratingValue: 9 is outside 1..5",
                "$.@graph[0].itemReviewed.@type: 'Thing' is not one of Claim",
                "$.@graph[0].datePublished: must be an ISO 8601 date or date-time",
            ],
            ClaimReviewSchema.Problems(bad.RootElement));
    }

    private static (int, string) Rating(JsonElement review) =>
        (review.GetProperty("reviewRating").GetProperty("ratingValue").GetInt32(), review.GetProperty("reviewRating").GetProperty("alternateName").GetString()!);
}
