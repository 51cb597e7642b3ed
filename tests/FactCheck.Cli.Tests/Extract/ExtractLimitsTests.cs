using System.Text;
using FactCheck.Cli.Import;
using FactCheck.Cli.Tests.Support;
using FactCheck.Domain;

namespace FactCheck.Cli.Tests.Extract;

/// <summary>`factcheck extract` on text the proposer must cut to the claims service's limits: the file it writes still imports.</summary>
public sealed class ExtractLimitsTests
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
}
