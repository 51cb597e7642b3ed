using FactCheck.Claims.Matching;
using FactCheck.Claims.Storage;
using FactCheck.Domain.Matching;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Application;

/// <summary>What a caller looks for: a text, how many matches, and the filters (none, null: any).</summary>
public sealed record MatchQuery(string Text, int PageSize, IReadOnlyList<ClaimStatus> Statuses, string? Tag, string? Language);

/// <summary>One match: the claim, its score from 0 to 1, the terms it shares with the text, and its cosine similarity (null without a vector).</summary>
public sealed record ClaimMatchResult(Claim Claim, double Score, IReadOnlyList<string> SharedTerms, float? Similarity);

/// <summary>The matches, best first; how many claims still wait to be indexed for meaning; the model that scored meaning (null: words only).</summary>
public sealed record MatchResults(IReadOnlyList<ClaimMatchResult> Matches, long Unindexed, string? SemanticModel);

/// <summary>
/// Matching a text against every stored claim: the request is checked once; then the full-text
/// index and the vector index each propose their best candidates, the current stored claims are
/// read and filtered, each candidate is scored (<see cref="MatchRanking"/>) and the fused ranking
/// decides the order.
/// </summary>
/// <remarks>Without <see cref="MatchingOptions.Semantic"/> there is neither a <see cref="SemanticMatching"/> nor a <see cref="ClaimIndexer"/>.</remarks>
public sealed class ClaimMatcher(
    ClaimStore store, LimitSettings limits, IOptions<MatchingOptions> options, SemanticMatching? semantic = null, ClaimIndexer? indexer = null)
{
    private readonly MatchingOptions _options = options.Value;
    private readonly SemanticMatching? _semantic = semantic;

    /// <summary>The domain keys of the request's fields, which the edge renders in its naming.</summary>
    public static class Fields
    {
        public const string Text = "text";
        public const string PageSize = "pageSize";
        public const string Language = "language";
    }

    public Validated<MatchQuery> Check(MatchQuery query)
    {
        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            violations.Add(new(Fields.Text, "is required"));
        }
        else
        {
            ClaimValidation.CheckText(query.Text, limits.MaxText, TextKind.Prose, Fields.Text, violations);
        }

        if (query.PageSize < 0)
        {
            violations.Add(new(Fields.PageSize, "must not be negative"));
        }

        ClaimValidation.CheckLength(query.Tag ?? "", limits.MaxTag, ClaimLister.Fields.Tag, violations);
        if (!string.IsNullOrEmpty(query.Language) && !ClaimValidation.IsLanguageTag(query.Language))
        {
            violations.Add(new(Fields.Language, ClaimValidation.NotALanguageTag));
        }

        var pageSize = query.PageSize <= 0 ? Limits.DefaultMatches : Math.Min(query.PageSize, Limits.MaxMatches);
        return new(query with { PageSize = pageSize }, violations);
    }

    public async Task<MatchResults> MatchAsync(Validated<MatchQuery> request, CancellationToken ct)
    {
        var query = request.Valid;
        var text = MatchText.Normalise(query.Text);
        var terms = MatchText.Terms(text).Take(MatchText.MaxQueryTerms).ToList();
        var tag = string.IsNullOrEmpty(query.Tag) ? null : IndexedValues.Fold(query.Tag);
        var language = string.IsNullOrEmpty(query.Language) ? null : IndexedValues.Fold(query.Language);
        bool Wanted(MatchFacets f) =>
            (query.Statuses.Count == 0 || query.Statuses.Contains(f.Status))
            && (tag is null || f.Tags.Contains(tag))
            && (language is null || f.Language == language);

        // The database ranks the words while this thread embeds the text: the two sides overlap.
        var wordsRanked = _options.Lexical
            ? Task.Run(() => store.MatchWordsAsync(terms, query.Statuses, tag, _options.Candidates, ct), ct)
            : Task.FromResult<IReadOnlyList<WordMatch>>([]);
        float[]? vector = null;
        IReadOnlyList<(string ClaimId, float Similarity)> byText = [], byTitle = [];
        if (_semantic is not null && text.Length > 0)
        {
            vector = _semantic.Embed(text, ct);
            byText = _semantic.Texts.Search(vector, _options.Candidates, Wanted);
            byTitle = _semantic.Titles.Search(vector, _options.Candidates, Wanted);
        }

        var words = await wordsRanked;

        var wordRanks = Ranks(words.Select(w => w.Id));
        var textRanks = Ranks(byText.Select(m => m.ClaimId));
        var titleRanks = Ranks(byTitle.Select(m => m.ClaimId));
        var candidates = wordRanks.Keys.Union(textRanks.Keys).Union(titleRanks.Keys).ToList();
        var claims = await store.GetManyAsync(candidates, ct);

        var scored = new List<(ClaimMatchResult Match, double Fused)>();
        foreach (var id in candidates)
        {
            // The stored claim decides the filters: the index may not have seen its latest status yet.
            if (!claims.TryGetValue(id, out var claim) || !Wanted(MatchFacets.Of(claim)))
            {
                continue;
            }

            var claimTerms = MatchText.Terms(claim.Content.Text + "\n" + MatchText.Titles(claim.Content)).ToHashSet(StringComparer.Ordinal);
            var shared = terms.Where(claimTerms.Contains).ToList();
            var evidence = new MatchEvidence(
                Rank(wordRanks, id), Rank(textRanks, id), Rank(titleRanks, id),
                vector is null ? null : _semantic!.Texts.Similarity(id, vector),
                vector is null ? null : _semantic!.Titles.Similarity(id, vector),
                terms.Count == 0 ? 0 : (double)shared.Count / terms.Count,
                claimTerms.Count == 0 ? 0 : (double)shared.Count / claimTerms.Count);
            scored.Add((new ClaimMatchResult(claim, MatchRanking.Score(evidence), shared, evidence.TextSimilarity), MatchRanking.Fused(evidence)));
        }

        var best = scored.OrderByDescending(s => s.Fused).ThenByDescending(s => s.Match.Score).Take(query.PageSize).Select(s => s.Match).ToList();
        var unindexed = indexer is null ? 0 : await indexer.UnindexedAsync(ct);
        return new MatchResults(best, unindexed, _semantic is null ? null : SentenceEmbedder.ModelName);
    }

    private static Dictionary<string, int> Ranks(IEnumerable<string> ranked) =>
        ranked.Select((id, i) => (id, Rank: i + 1)).ToDictionary(x => x.id, x => x.Rank, StringComparer.Ordinal);

    private static int? Rank(Dictionary<string, int> ranks, string claimId) => ranks.TryGetValue(claimId, out var rank) ? rank : null;
}
