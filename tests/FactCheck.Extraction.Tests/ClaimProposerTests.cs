using FactCheck.Domain;

namespace FactCheck.Extraction.Tests;

/// <summary>What the proposer derives for every claim: ids that are stable and valid, and one proposal for a sentence however often it is repeated.</summary>
public sealed class ClaimProposerTests
{
    private static readonly ExtractSettings Settings = new(new DateOnly(2024, 9, 6), "https://example.org/a", "Example News");

    [Theory]
    [InlineData("Example News", "https://example.org/a", "example-news-us-and-iraqi-diplomats-")]
    [InlineData(null, "https://news.example.org/a", "news-example-org-us-and-iraqi-")]
    [InlineData(null, null, "article-us-and-iraqi-diplomats-")]
    [InlineData("Ça va Zeitung", null, "ca-va-zeitung-us-and-iraqi-diplomats-")]
    [InlineData("2024 Daily", null, "c-2024-daily-us-and-iraqi-diplomats-")]
    public void Ids_say_who_published_the_sentence_and_how_it_starts_and_are_valid_claim_ids(string? publisher, string? url, string start)
    {
        var sentence = "US and Iraqi diplomats have reached an agreement.";
        var id = ClaimProposer.Id(new ExtractSettings(new DateOnly(2024, 9, 6), url, publisher), sentence);
        Assert.StartsWith(start, id, StringComparison.Ordinal);
        Assert.True(ClaimName.IsValidId(id), id);
        Assert.Equal(id, ClaimProposer.Id(new ExtractSettings(new DateOnly(2030, 1, 1), url, publisher), sentence));
        Assert.NotEqual(id, ClaimProposer.Id(new ExtractSettings(new DateOnly(2024, 9, 6), url, publisher), sentence.Replace("reached", "signed", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_repeated_sentence_is_proposed_once()
    {
        const string text = "Militias attacked US forces in Iraq at least 70 times.\n\nMilitias attacked US forces in Iraq at least 70 times.";
        var extraction = ClaimProposer.Propose(ArticleText.Read(text), Settings);
        Assert.Single(extraction.Claims);
        Assert.Equal("repeats an earlier sentence", Assert.Single(extraction.Skipped).Reason);
    }
}
