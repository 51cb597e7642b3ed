using FactCheck.Domain.Matching;

namespace FactCheck.Domain.Tests.Matching;

public class MatchRankingTests
{
    private static MatchEvidence Evidence(int? words = null, int? text = null, int? titles = null, float? cosText = null, float? cosTitles = null,
        double textCoverage = 0, double claimCoverage = 0) => new(words, text, titles, cosText, cosTitles, textCoverage, claimCoverage);

    [Fact]
    public void Fusion_adds_each_list_weight_over_k_plus_rank()
    {
        Assert.Equal((1.0 / 4) + (0.9 / 5) + (0.25 / 13), MatchRanking.Fused(Evidence(words: 1, text: 2, titles: 10)), 12);
        Assert.Equal(0.9 / 4, MatchRanking.Fused(Evidence(text: 1)), 12);
        Assert.Equal(0, MatchRanking.Fused(Evidence()));
    }

    [Fact]
    public void First_on_words_alone_outranks_second_on_the_text_alone_but_not_first_on_both()
    {
        Assert.True(MatchRanking.Fused(Evidence(words: 1)) > MatchRanking.Fused(Evidence(text: 2)));
        Assert.True(MatchRanking.Fused(Evidence(words: 2, text: 1)) > MatchRanking.Fused(Evidence(words: 1)));
    }

    [Theory]
    // cos(text), cos(titles), text coverage, claim coverage → at or above the duplicate threshold?
    [InlineData(0.95f, 0.80f, 0.9, 0.9, true)]
    [InlineData(0.85f, 0.60f, 0.5, 0.5, true)]
    [InlineData(0.60f, 0.40f, 0.3, 0.2, false)]
    [InlineData(0.20f, 0.10f, 0.1, 0.1, false)]
    public void A_score_with_both_vectors_reads_similarity_and_shared_terms(float cosText, float cosTitles, double textCoverage, double claimCoverage, bool duplicate)
    {
        var score = MatchRanking.Score(Evidence(cosText: cosText, cosTitles: cosTitles, textCoverage: textCoverage, claimCoverage: claimCoverage));
        Assert.InRange(score, 0, 1);
        Assert.Equal(duplicate, score >= MatchRanking.DuplicateThreshold);
    }

    [Fact]
    public void The_score_ignores_ranks_so_a_first_place_among_few_claims_is_no_evidence()
    {
        var alone = Evidence(cosText: 0.55f, textCoverage: 0.4, claimCoverage: 0.2);
        var first = alone with { WordRank = 1, TextRank = 1, TitleRank = 1 };
        Assert.Equal(MatchRanking.Score(alone), MatchRanking.Score(first));
    }

    [Fact]
    public void Each_kind_of_claim_is_scored_by_what_it_has()
    {
        var full = MatchRanking.Score(Evidence(cosText: 0.9f, cosTitles: 0.9f, textCoverage: 0.8, claimCoverage: 0.8));
        var noTitles = MatchRanking.Score(Evidence(cosText: 0.9f, textCoverage: 0.8, claimCoverage: 0.8));
        var wordsOnly = MatchRanking.Score(Evidence(textCoverage: 0.8, claimCoverage: 0.8));
        Assert.All([full, noTitles, wordsOnly], s => Assert.True(s >= MatchRanking.DuplicateThreshold, $"{s}"));
        Assert.True(MatchRanking.Score(Evidence(textCoverage: 0.2, claimCoverage: 0.1)) < MatchRanking.DuplicateThreshold);
    }
}
