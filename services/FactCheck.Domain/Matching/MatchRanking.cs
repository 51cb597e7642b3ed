namespace FactCheck.Domain.Matching;

/// <summary>
/// One stored claim proposed for a match: its place in the full-text ranking and in the meaning
/// ranking (null where that side did not propose it), its cosine similarity to the text (null
/// when it has no vector yet), and the share of the text's terms it has.
/// </summary>
public sealed record MatchEvidence(int? WordRank, int? MeaningRank, float? Similarity, double TermCoverage);

/// <summary>
/// How the candidates of the two sides become one ranking and one score. The ranking is
/// reciprocal rank fusion: each side adds weight / (k + rank). The score is a probability that
/// the claim says the same as the text, from features that mean the same for every text (the
/// cosine similarity and the share of shared terms, not a rank or a raw full-text score), so one
/// threshold serves every query. Both were fitted on the CLEF 2020 CheckThat! Task 2 training
/// split only (docs/matching.md has the figures and the command that measures them).
/// </summary>
public static class MatchRanking
{
    /// <summary>The k of reciprocal rank fusion: how slowly a side's influence fades down its ranking.</summary>
    public const double FusionK = 60;

    public const double WordWeight = 1.0;

    public const double MeaningWeight = 1.0;

    /// <summary>At or above this score a claim is a likely duplicate of the text.</summary>
    public const double DuplicateThreshold = 0.8;

    /// <summary>Candidates scoring below this are not returned at all: they share a stray word, nothing more.</summary>
    public const double Floor = 0.05;

    // Logistic regression, fitted on the training split: with the meaning side, and without it.
    private const double Bias = -9.0, SimilarityWeight = 11.0, CoverageWeight = 4.0;
    private const double WordsOnlyBias = -5.0, WordsOnlyCoverageWeight = 7.0;

    /// <summary>The fused rank value: higher first.</summary>
    public static double Fused(MatchEvidence e) =>
        (e.WordRank is { } w ? WordWeight / (FusionK + w) : 0) + (e.MeaningRank is { } m ? MeaningWeight / (FusionK + m) : 0);

    /// <summary>The probability-like score from 0 to 1; <paramref name="semantic"/> says whether the service matches on meaning at all.</summary>
    public static double Score(MatchEvidence e, bool semantic) =>
        semantic && e.Similarity is { } similarity
            ? Logistic(Bias + SimilarityWeight * similarity + CoverageWeight * e.TermCoverage)
            : Logistic(WordsOnlyBias + WordsOnlyCoverageWeight * e.TermCoverage);

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
