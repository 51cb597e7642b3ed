using System.Text;
using FactCheck.Cli.Import;
using FactCheck.Cli.Tests.Support;
using FactCheck.Domain;

namespace FactCheck.Cli.Tests.Extract;

/// <summary>
/// `factcheck extract` against the claims rules: text the proposer must cut to the limits still
/// imports, and proposals that break a rule the proposer does not repair are refused before
/// anything is written or imported.
/// </summary>
public sealed class ExtractImportCheckTests
{
    [Fact]
    public async Task Oversized_sentences_and_parties_are_cut_to_the_limits_so_the_file_still_imports()
    {
        var longParty = "Officials of the " + string.Join(' ', Enumerable.Repeat("Very Long Ministry Name", 10));
        var longSentence = "The plan still needs approval from " + longParty + " and Baghdad, Iraqi officials said in 2024 " + string.Join(' ', Enumerable.Repeat("and 12 more words about the budget", 150)) + ".";
        var cli = new CliRunner(null) { Input = longSentence };
        var json = await cli.OkAsync("extract", "-", "--url", "https://example.org/long", "--published", "2024-09-06", "-o", "json");

        var parsed = ImportFile.Parse(Encoding.UTF8.GetBytes(json.Out));
        Assert.Empty(parsed.Problems);
        var claim = Assert.Single(parsed.Entries).Request.Claim;
        Assert.True(claim.Text.Length <= Limits.MaxText);
        Assert.True(claim.Sources[0].Quote.Length <= Limits.MaxQuote);
        Assert.All(claim.RequiredParties, p => Assert.True(p.Length <= Limits.MaxParty, p));
        Assert.Equal(Contracts.V1.ClaimStatus.Pending, claim.Status);
    }

    [Theory]
    [InlineData("--output", "json", "written")]
    [InlineData("--import", null, "imported")]
    public async Task Proposals_that_would_not_import_are_named_by_their_field_and_nothing_is_written_or_imported(string option, string? value, string nothing)
    {
        // A zero-width space inside a name: the claims rules refuse it in the text, the quote and the party.
        await using var services = new ServicePair(secured: false);
        var cli = new CliRunner(services) { Input = "The plan still needs a final go-ahead from officials in Wash\u200Bington and Baghdad, a US official said in 2024." };
        string[] args = ["extract", "-", "--url", "https://example.org/zero-width", "--published", "2024-09-06", option, .. value is null ? Array.Empty<string>() : [value]];
        var result = await cli.ExpectAsync(2, args);

        Assert.Equal("", result.Out);
        var lines = result.Error.TrimEnd().Split('\n');
        Assert.Equal(
            [
                "-: claims[0].text: must not contain a zero-width space (U+200B at position 61)",
                "-: claims[0].sources[0].quote: must not contain a zero-width space (U+200B at position 61)",
                "-: claims[0].requiredParties[0]: must not contain a zero-width space (U+200B at position 5)",
                $"error: the claims proposed from - would not import; nothing was {nothing}",
            ],
            lines);
        var listed = (await cli.OkAsync("claims", "list", "-o", "json")).Json();
        Assert.False(listed.TryGetProperty("claims", out var claims) && claims.GetArrayLength() > 0);
    }
}
