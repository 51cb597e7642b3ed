using FactCheck.Testing.Retrieval;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// The files the `matching` scenario reads: --matching-claims, --matching-queries and
/// --matching-qrels, by default the CLEF 2020 CheckThat! task 2 verified claims and its dev split
/// from the shared datasets folder (<see cref="Clef2020.ExpectedFolder"/>).
/// </summary>
public sealed record MatchingFiles(string Claims, string Queries, string Qrels)
{
    public static MatchingFiles Resolve(string? claims, string? queries, string? qrels)
    {
        // The expected folder even when it is missing, so the scenario's message names the files it looked for.
        var folder = Clef2020.ExpectedFolder();
        return new MatchingFiles(
            claims ?? Path.Combine(folder, "verified_claims.docs.tsv"),
            queries ?? Path.Combine(folder, "dev", "tweets.queries.tsv"),
            qrels ?? Path.Combine(folder, "dev", "tweet-vclaim-pairs.qrels"));
    }

    public IReadOnlyList<string> Missing => new[] { Claims, Queries, Qrels }.Where(f => !File.Exists(f)).ToList();
}
