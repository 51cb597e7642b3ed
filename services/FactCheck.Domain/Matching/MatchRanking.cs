namespace FactCheck.Domain.Matching;

/// <summary>
/// One stored claim proposed for a match. Ranks count from 1 and are null where that list did not
/// propose the claim: the full-text ranking (text, sources' titles and quotes), and the meaning
/// rankings against the claim's text and against its sources' titles. Similarities are null where
/// the claim has no such vector (not indexed yet, no titles, or no model). Coverage is the share of
/// the text's terms the claim has, and of the claim's terms the text has.
/// </summary>
public sealed record MatchEvidence(
    int? WordRank, int? TextRank, int? TitleRank, float? TextSimilarity, float? TitleSimilarity, double TextCoverage, double ClaimCoverage);

/// <summary>
/// How the candidates become one ranking and one score, both fitted on the CLEF 2020 CheckThat!
/// Task 2 training split only (docs/matching.md has the figures on the dev split and the command
/// that measures them).
///
/// The ranking is reciprocal rank fusion of the three lists: weight / (k + rank), summed. It decides
/// the order: on the training split it ranks better than the score does.
///
/// The score is the probability that the claim says the same as the text: a logistic regression
/// fitted on the fused top five of every training query. It reads only what means the same in any
/// collection and for any query: the cosine similarities and the shares of shared terms, not a
/// rank (first place among 20 claims is not first place among a million) nor a raw full-text score
/// (whose scale changes from query to query). So one threshold means the same for every text. A
/// claim whose sources have no titles, and one without vectors (not indexed yet, or the service
/// matches on words alone), are scored by regressions fitted the same way on what they have.
/// </summary>
public static class MatchRanking
{
    /// <summary>How many candidates each list proposes: the fusion was fitted on lists this long.</summary>
    public const int Candidates = 100;

    /// <summary>The k of the fusion: small, so a first place on either side counts for much more than a fifth.</summary>
    public const double FusionK = 3;

    public const double WordWeight = 1.0, TextWeight = 0.9, TitleWeight = 0.25;

    /// <summary>
    /// At or above this score a claim is a likely duplicate of the text: more likely the same claim
    /// than not. On the dev split, a best match at or above it was right 96 % of the time.
    /// </summary>
    public const double DuplicateThreshold = 0.5;

    /// <summary>The fused rank value: higher first.</summary>
    public static double Fused(MatchEvidence e) =>
        Reciprocal(e.WordRank, FusionK, WordWeight) + Reciprocal(e.TextRank, FusionK, TextWeight) + Reciprocal(e.TitleRank, FusionK, TitleWeight);

    /// <summary>The score from 0 to 1.</summary>
    public static double Score(MatchEvidence e) => (e.TextSimilarity, e.TitleSimilarity) switch
    {
        ({ } text, { } titles) => Logistic((4.1281 * text) + (3.7242 * titles) + (2.3763 * e.TextCoverage) + (2.288 * e.ClaimCoverage) - 6.4861),
        ({ } text, null) => Logistic((5.7715 * text) + (2.8482 * e.TextCoverage) + (2.6377 * e.ClaimCoverage) - 5.6157),
        _ => Logistic((4.5687 * e.TextCoverage) + (4.1061 * e.ClaimCoverage) - 3.6902),
    };

    private static double Reciprocal(int? rank, double k, double weight) => rank is { } r ? weight / (k + r) : 0;

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
