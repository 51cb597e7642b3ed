using System.Globalization;
using FactCheck.Cli.Tests.Support;
using FactCheck.Testing.Extraction;

namespace FactCheck.Cli.Tests.Extract;

/// <summary>
/// Articles outside the repository are scored from what `factcheck extract --output json` writes
/// (docs/extraction.md): that file, the import format, must carry everything the score compares,
/// so scoring it gives the figures of scoring the proposer itself, on every labelled article.
/// </summary>
public sealed class ExtractScoringTests
{
    public static TheoryData<string> Parts => ["held-out", "tuning"];

    [Theory]
    [MemberData(nameof(Parts))]
    public async Task Scoring_the_json_output_gives_the_figures_of_scoring_the_proposals(string part)
    {
        var articles = part == "held-out" ? LabelledSet.LoadHeldOut() : LabelledSet.Load();
        var fromProposer = new ExtractionScore();
        var fromJson = new ExtractionScore();
        var cli = new CliRunner(null);
        foreach (var article in articles)
        {
            fromProposer.Add(article.Name, article.Propose().Claims, article.Claims);
            var file = (await cli.OkAsync(
                "extract", article.File, "--published", article.Published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "--url", article.Url, "--publisher", LabelledArticle.Publisher, "--allow-duplicates", "-o", "json")).Json();
            fromJson.Add(article.Name, ScoredProposal.FromImportFile(file), article.Claims);
        }

        Assert.True(fromProposer.Matched > 0, "nothing matched: the comparison would say nothing");
        Assert.Equal(fromProposer.Figures, fromJson.Figures);
        Assert.Equal(fromProposer.Misses.Count, fromJson.Misses.Count);
    }
}
