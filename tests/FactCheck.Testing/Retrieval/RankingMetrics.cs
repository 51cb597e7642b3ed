namespace FactCheck.Testing.Retrieval;

/// <summary>The figures of one set of rankings, each the mean over the queries.</summary>
public sealed record RankingScores(int Queries, double MapAt5, double MapAt1, double Mrr, double RecallAt5);

/// <summary>
/// Ranked-retrieval measures as CLEF CheckThat! 2020 task 2 reports them. A ranking is the
/// documents returned, best first; a document returned twice counts once.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// Average precision in the top <paramref name="k"/>: the precision at each rank that holds a
    /// relevant document, summed, divided by min(relevant documents, k) (the task's official
    /// MAP@5 divides so, so that a query with more than k relevant documents can still score 1).
    /// </summary>
    public static double AveragePrecisionAt(IReadOnlyList<string> ranking, IReadOnlySet<string> relevant, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (relevant.Count == 0)
        {
            throw new ArgumentException("a query without a relevant document has no average precision", nameof(relevant));
        }

        var found = 0;
        var sum = 0.0;
        foreach (var (document, rank) in Distinct(ranking).Take(k).Select((d, i) => (d, i + 1)))
        {
            if (relevant.Contains(document))
            {
                found++;
                sum += (double)found / rank;
            }
        }

        return sum / Math.Min(relevant.Count, k);
    }

    /// <summary>1 / the rank of the first relevant document, 0 when none was returned.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> ranking, IReadOnlySet<string> relevant)
    {
        var rank = Distinct(ranking).Select((d, i) => (d, i + 1)).FirstOrDefault(x => relevant.Contains(x.d)).Item2;
        return rank == 0 ? 0 : 1.0 / rank;
    }

    /// <summary>The share of the relevant documents found in the top <paramref name="k"/>.</summary>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlySet<string> relevant, int k) =>
        relevant.Count == 0
            ? throw new ArgumentException("a query without a relevant document has no recall", nameof(relevant))
            : (double)Distinct(ranking).Take(k).Count(relevant.Contains) / relevant.Count;

    /// <summary>MAP@5, MAP@1, MRR and Recall@5 over the queries (MRR over the whole of each ranking).</summary>
    public static RankingScores Score(IReadOnlyList<(IReadOnlyList<string> Ranking, IReadOnlySet<string> Relevant)> queries)
    {
        if (queries.Count == 0)
        {
            throw new ArgumentException("no queries to score", nameof(queries));
        }

        return new RankingScores(
            queries.Count,
            queries.Average(q => AveragePrecisionAt(q.Ranking, q.Relevant, 5)),
            queries.Average(q => AveragePrecisionAt(q.Ranking, q.Relevant, 1)),
            queries.Average(q => ReciprocalRank(q.Ranking, q.Relevant)),
            queries.Average(q => RecallAt(q.Ranking, q.Relevant, 5)));
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> ranking) => ranking.Distinct(StringComparer.Ordinal);
}
