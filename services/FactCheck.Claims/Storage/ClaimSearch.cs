using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The one part of the claims store that each database does its own way: full-text search over
/// a claim's text, speaker and its sources' titles and quotes. Both fold accents and neither stems nor drops stop words,
/// so a query finds the same claims on either.
/// </summary>
public abstract class ClaimSearch
{
    public static ClaimSearch For(SqlDialect dialect) => dialect switch
    {
        SqliteDialect => new Fts5(),
        PostgresDialect => new TextSearchVector(),
        _ => throw new ArgumentException($"no full-text search for {dialect.SystemName}", nameof(dialect)),
    };

    /// <summary>What migration 1 adds to the claims table's columns ("" or ", column ...").</summary>
    public abstract string ClaimsColumn { get; }

    /// <summary>What migration 1 creates for search beside the tables.</summary>
    public abstract string Schema { get; }

    /// <summary>
    /// Rebuilds the whole index from the stored documents, as <see cref="IndexStatements"/> would
    /// fill it (migration 3: the sources' titles joined their quotes in the index).
    /// </summary>
    public abstract string Rebuild { get; }

    /// <summary>Statements that index claim row @pk's @text, @speaker and @quotes, replacing an earlier entry when <paramref name="replace"/>.</summary>
    public abstract IReadOnlyList<string> IndexStatements(bool replace);

    /// <summary>
    /// How a listing reads the claims matching <paramref name="words"/>: what it selects FROM (the
    /// claims table's columns unqualified, and <c>claims</c> naming it), the expression that is a
    /// row's pk there, and a WHERE condition on the full-text parameter @query with that
    /// parameter's value. <paramref name="inRowOrder"/> says the listing is ordered and paged by pk,
    /// <paramref name="alone"/> that it has no other filter.
    /// </summary>
    public abstract SearchedClaims Listing(IReadOnlyList<(string Word, bool Prefix)> words, bool inRowOrder, bool alone);

    /// <summary>
    /// A query ranking the claims whose text shares any of <paramref name="terms"/> (folded words
    /// without syntax), best first, at most <paramref name="limit"/>: rows (pk, id, score), a
    /// higher score better, with <paramref name="conditions"/> on the claims row <c>c</c>; and the
    /// value of its parameter @match.
    /// </summary>
    public abstract (string Sql, string Parameter) RankedMatch(IReadOnlyList<string> terms, IReadOnlyList<string> conditions, int limit);

    private static string And(IReadOnlyList<string> conditions) => string.Concat(conditions.Select(c => " AND " + c));

    /// <summary>SQLite: an FTS5 table keyed by the claim's row.</summary>
    private sealed class Fts5 : ClaimSearch
    {
        public override string ClaimsColumn => "";

        public override string Schema => "CREATE VIRTUAL TABLE claims_fts USING fts5 (text, speaker, quotes, tokenize = 'unicode61 remove_diacritics 2');";

        public override string Rebuild => """
            DELETE FROM claims_fts;
            INSERT INTO claims_fts (rowid, text, speaker, quotes)
            SELECT c.pk, json_extract(c.document, '$.Content.Text'), json_extract(c.document, '$.Content.Speaker'),
                   COALESCE((SELECT group_concat(COALESCE(json_extract(s.value, '$.Title'), '') || char(10) || COALESCE(json_extract(s.value, '$.Quote'), ''), char(10))
                             FROM json_each(c.document, '$.Content.Sources') AS s), '')
            FROM claims c;
            """;

        public override IReadOnlyList<string> IndexStatements(bool replace) =>
        [
            .. replace ? ["DELETE FROM claims_fts WHERE rowid = @pk"] : Array.Empty<string>(),
            "INSERT INTO claims_fts (rowid, text, speaker, quotes) VALUES (@pk, @text, @speaker, @quotes)",
        ];

        // The match collects every matching rowid before the first row is listed: 54,168 of
        // 200,000 seeded claims for the bench's "withdrawal timetable", about 100 ms. In pk order
        // and without other filters the index leads instead: FTS5 yields its matches by rowid in
        // either direction, takes the keyset bound on rowid and stops once the page is full,
        // about 1 ms however many claims match. CROSS JOIN keeps SQLite from putting claims
        // first, which would run the match once per row. With other filters each match walked
        // costs a claims row read, so a selective filter on a common query would read them all
        // (0.9 s where collecting the matches and walking the filter's index took 0.16 s); and
        // another order needs every match anyway.
        public override SearchedClaims Listing(IReadOnlyList<(string Word, bool Prefix)> words, bool inRowOrder, bool alone)
        {
            // Each word a quoted string, all required; "word"* matches a prefix.
            var query = string.Join(' ', words.Select(w => $"\"{w.Word}\"" + (w.Prefix ? "*" : "")));
            return inRowOrder && alone
                ? new("claims_fts CROSS JOIN claims ON claims.pk = claims_fts.rowid", "claims_fts.rowid", "claims_fts MATCH @query", query)
                : new("claims", "pk", "pk IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH @query)", query);
        }

        // bm25 over the text and the sources' titles and quotes (the speaker weighs nothing), negated so
        // higher is better. Without conditions the index ranks alone and only the best rows are looked
        // up in claims; with them every matching row must be, so the join comes first.
        public override (string Sql, string Parameter) RankedMatch(IReadOnlyList<string> terms, IReadOnlyList<string> conditions, int limit) =>
            (conditions.Count == 0
                ? $"""
                  SELECT c.pk, c.id, best.score FROM (
                      SELECT rowid, -bm25(claims_fts, 1.0, 0.0, 1.0) AS score FROM claims_fts
                      WHERE claims_fts MATCH @match ORDER BY bm25(claims_fts, 1.0, 0.0, 1.0) LIMIT {limit}
                  ) AS best JOIN claims c ON c.pk = best.rowid
                  ORDER BY best.score DESC
                  """
                : $"""
                  SELECT c.pk, c.id, -bm25(claims_fts, 1.0, 0.0, 1.0) AS score
                  FROM claims_fts JOIN claims c ON c.pk = claims_fts.rowid
                  WHERE claims_fts MATCH @match{And(conditions)}
                  ORDER BY bm25(claims_fts, 1.0, 0.0, 1.0) LIMIT {limit}
                  """,
             "{text quotes} : (" + string.Join(" OR ", terms.Select(t => $"\"{t}\"")) + ")");
    }

    /// <summary>PostgreSQL: a tsvector column with a GIN index, filled through unaccent.</summary>
    private sealed class TextSearchVector : ClaimSearch
    {
        public override string ClaimsColumn => ",\n    search TSVECTOR NULL";

        // unaccent is a trusted extension: the database's owner may create it.
        public override string Schema => """
            CREATE EXTENSION IF NOT EXISTS unaccent;
            CREATE INDEX claims_by_search ON claims USING GIN (search);
            """;

        public override string Rebuild => """
            UPDATE claims SET search = to_tsvector('simple', unaccent(
                (document::jsonb #>> '{Content,Text}') || ' ' || COALESCE(document::jsonb #>> '{Content,Speaker}', '') || ' ' ||
                COALESCE((SELECT string_agg(COALESCE(s ->> 'Title', '') || E'\n' || COALESCE(s ->> 'Quote', ''), E'\n')
                          FROM jsonb_array_elements(document::jsonb #> '{Content,Sources}') AS s), '')));
            """;

        // 'simple' neither stems nor drops stop words, and unaccent folds accents, as SQLite's tokenizer does.
        public override IReadOnlyList<string> IndexStatements(bool replace) =>
            ["UPDATE claims SET search = to_tsvector('simple', unaccent(@text || ' ' || @speaker || ' ' || @quotes)) WHERE pk = @pk"];

        // The planner chooses from the search column's statistics. For words they count as common
        // it walks the pk index and tests each row's vector until the page is full (0.2 ms for
        // the bench's query over 200,000 rows). A word outside them is estimated at a fixed
        // small share of the rows, so a query matching almost nothing can still walk the whole
        // pk index (0.4 s over 200,000 rows) instead of reading its few rows from the GIN index.
        public override SearchedClaims Listing(IReadOnlyList<(string Word, bool Prefix)> words, bool inRowOrder, bool alone) =>
            // Each word a quoted lexeme, all required (&); 'word':* matches a prefix.
            new("claims", "pk", "search @@ to_tsquery('simple', unaccent(@query))",
                string.Join(" & ", words.Select(w => $"'{w.Word.ToLowerInvariant()}'" + (w.Prefix ? ":*" : ""))));

        // ts_rank over the one search vector (text, speaker and quotes together).
        public override (string Sql, string Parameter) RankedMatch(IReadOnlyList<string> terms, IReadOnlyList<string> conditions, int limit) =>
            ($"""
              SELECT c.pk, c.id, ts_rank(c.search, q) AS score
              FROM claims c, to_tsquery('simple', unaccent(@match)) q
              WHERE c.search @@ q{And(conditions)}
              ORDER BY score DESC, c.pk LIMIT {limit}
              """,
             string.Join(" | ", terms.Select(t => $"'{t}'")));
    }
}
