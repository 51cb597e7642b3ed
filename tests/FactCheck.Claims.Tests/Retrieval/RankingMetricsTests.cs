using FactCheck.Testing.Retrieval;

namespace FactCheck.Claims.Tests.Retrieval;

/// <summary>
/// The measures the benchmark's `matching` scenario reports, on rankings small enough to work
/// out by hand.
/// </summary>
public sealed class RankingMetricsTests
{
    private static readonly string[] Ranking = ["a", "x", "b", "y", "c", "d"];

    [Fact]
    public void Average_precision_at_5_sums_the_precision_at_each_relevant_rank_over_min_relevant_and_5()
    {
        // Relevant a (rank 1), b (rank 3), c (rank 5): (1/1 + 2/3 + 3/5) / 3.
        Assert.Equal((1.0 + 2.0 / 3 + 3.0 / 5) / 3, RankingMetrics.AveragePrecisionAt(Ranking, Set("a", "b", "c"), 5), 12);
        // Six relevant, but at most five can be in the top five: divided by 5, not 6.
        Assert.Equal((1.0 + 2.0 / 3 + 3.0 / 5) / 5, RankingMetrics.AveragePrecisionAt(Ranking, Set("a", "b", "c", "d", "e", "f"), 5), 12);
        // d is relevant but ranked sixth: outside the top five.
        Assert.Equal(0, RankingMetrics.AveragePrecisionAt(Ranking, Set("d"), 5));
    }

    [Fact]
    public void Average_precision_at_1_is_whether_the_first_document_is_relevant()
    {
        Assert.Equal(1, RankingMetrics.AveragePrecisionAt(Ranking, Set("a", "b"), 1));
        Assert.Equal(0, RankingMetrics.AveragePrecisionAt(Ranking, Set("x2", "b"), 1));
    }

    [Fact]
    public void A_document_returned_twice_counts_once()
    {
        Assert.Equal(0.5, RankingMetrics.AveragePrecisionAt(["a", "a", "x"], Set("a", "b"), 5));
        Assert.Equal(0.5, RankingMetrics.RecallAt(["a", "a", "x"], Set("a", "b"), 5));
        Assert.Equal(0.5, RankingMetrics.ReciprocalRank(["x", "x", "a"], Set("a")));
    }

    [Fact]
    public void Reciprocal_rank_and_recall()
    {
        Assert.Equal(1.0 / 3, RankingMetrics.ReciprocalRank(Ranking, Set("b", "c")), 12);
        Assert.Equal(0, RankingMetrics.ReciprocalRank(Ranking, Set("z")));
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(Ranking, Set("b", "c", "d"), 5), 12);
    }

    [Fact]
    public void Scores_are_the_means_over_the_queries()
    {
        var scores = RankingMetrics.Score(
        [
            (["a", "b"], Set("a")),            // AP@5 1, AP@1 1, RR 1, R@5 1
            (["x", "y", "a"], Set("a", "q")),  // AP@5 (1/3)/2, AP@1 0, RR 1/3, R@5 1/2
            ([], Set("a")),                    // nothing returned: all 0
        ]);

        Assert.Equal(3, scores.Queries);
        Assert.Equal((1 + 1.0 / 6) / 3, scores.MapAt5, 12);
        Assert.Equal(1.0 / 3, scores.MapAt1, 12);
        Assert.Equal((1 + 1.0 / 3) / 3, scores.Mrr, 12);
        Assert.Equal(0.5, scores.RecallAt5, 12);
    }

    [Fact]
    public void A_query_without_a_relevant_document_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecisionAt(Ranking, Set(), 5));
    }

    private static HashSet<string> Set(params string[] documents) => new(documents, StringComparer.Ordinal);
}
