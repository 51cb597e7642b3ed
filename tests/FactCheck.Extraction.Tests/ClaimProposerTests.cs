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

    [Fact]
    public void A_sentence_with_two_deadlines_is_two_proposals_each_with_its_own_due_time_and_the_shared_parent()
    {
        const string text = "Kestland and Norrland signed an agreement on Monday.\n\n"
            + "Under the agreement, the first plant closes in March 2025, and the last one by the end of 2026, the ministry said.";
        var first = ClaimProposer.Propose(ArticleText.Read(text), Settings);
        var parts = first.Claims.Skip(1).ToList();

        Assert.Equal(2, parts.Count);
        Assert.Equal([new DateOnly(2025, 3, 31), new DateOnly(2026, 12, 31)], parts.Select(p => p.Due!.Date));
        Assert.All(parts, p => Assert.Equal(first.Claims[0].Id, p.ParentId));
        Assert.All(parts, p => Assert.Equal("the ministry", p.Speaker));
        Assert.All(parts, p => Assert.Contains(p.Quote, text, StringComparison.Ordinal));
        Assert.Equal("The last one by the end of 2026", parts[1].Text);
        Assert.NotEqual(parts[0].Id, parts[1].Id);
        Assert.Equal(parts.Select(p => p.Id), ClaimProposer.Propose(ArticleText.Read(text), Settings).Claims.Skip(1).Select(p => p.Id));
    }

    [Theory]
    //          statement                                                                                                  parts
    [InlineData("Rovers must pay all wages by 31 December, and must repay the loan within 18 months",                       "Rovers must pay all wages by 31 December|must repay the loan within 18 months")]
    [InlineData("The ministry has given both sides until March 20 to agree on a mediator and until April 30 to settle the dispute", "The ministry has given both sides until March 20 to agree on a mediator|The ministry has given both sides until April 30 to settle the dispute")]
    [InlineData("These increases still need approval from the Water Services Authority, which will publish its decision in the autumn", "These increases still need approval from the Water Services Authority|the Water Services Authority will publish its decision in the autumn")]
    [InlineData("Lind Ford will be completed by December 2028, and it will be the first works to run on solar power",       "Lind Ford will be completed by December 2028, and it will be the first works to run on solar power")]
    [InlineData("The plant closed in 2019, and the site was sold in 2021",                                                   "The plant closed in 2019, and the site was sold in 2021")]
    public void A_statement_is_cut_only_where_every_part_has_its_own_deadline_or_condition(string statement, string parts)
    {
        var clauses = Clauses.Split(statement, part =>
            TimeBounds.Due(TimeBounds.Find(part, Settings.ReferenceDate)) is not null || Conditions.Find(part) is not null);
        Assert.Equal(parts.Split('|'), clauses.Select(c => c.Text));
    }

    [Fact]
    public void Every_joint_is_exercised_by_its_own_example()
    {
        foreach (var (joint, example) in Clauses.Table)
        {
            Assert.True(Clauses.Split(example, _ => true).Count == 2, joint);
        }
    }
}
