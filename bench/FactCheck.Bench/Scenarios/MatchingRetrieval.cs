using System.Diagnostics;
using System.Globalization;
using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;
using FactCheck.Contracts.V1;
using FactCheck.Testing.Retrieval;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario `matching` (issue 17): how well MatchClaims finds the claim a post repeats, against an
/// outside reference, CLEF 2020 CheckThat! task 2 (English). Its verified claims are created in a
/// claims service of their own (claim "vclaim-{id}", the fact-check's title as the source's
/// title), the service indexes them for meaning, then each query tweet is sent through
/// MatchClaims by one caller and the returned ranking is scored against the task's qrels: MAP@5
/// (the task's official measure), MAP@1, MRR and Recall@5, with each call's latency. Three
/// configurations on the same database file, the service restarted between them (the stored
/// vectors are reused, not recomputed): fused (the default), lexical-only (Matching:Semantic=false)
/// and semantic-only (Matching:Lexical=false). Quick mode takes the first 40 queries, their
/// relevant claims and 500 others; without the dataset a quick run notes it and skips.
/// </summary>
public static class MatchingRetrieval
{
    private const string Name = "matching";
    private const int PageSize = 10;
    private const int QuickQueries = 40;
    private const int QuickOtherClaims = 500;
    private const int WarmUpQueries = 10;
    private const int Writers = 32;
    private static readonly TimeSpan IndexPatience = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan IndexPoll = TimeSpan.FromMilliseconds(250);
    private const string ClaimPrefix = "claims/vclaim-";

    /// <summary>Each configuration and the setting it turns off (none for the default).</summary>
    private static readonly (string Name, string? Off)[] Configurations =
        [("fused", null), ("lexical-only", "Matching__Semantic"), ("semantic-only", "Matching__Lexical")];

    public static async Task RunAsync(BenchRun run)
    {
        var files = run.Options.Matching ?? MatchingFiles.Resolve(null, null, null);
        if (files.Missing is { Count: > 0 } missing)
        {
            var message = $"the matching scenario needs the CLEF 2020 task 2 files, and {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing: "
                + $"put the dataset in ../shared/datasets/clef2020-task2 next to the checkout, set {Clef2020.DatasetsVariable} to the datasets folder, or pass --matching-claims/--matching-queries/--matching-qrels";
            if (!run.Options.Quick)
            {
                throw new InvalidOperationException(message);
            }

            run.Report.Note($"{message}; skipped in this quick run");
            return;
        }

        var set = EvaluationSet.Load(files, run.Options.Quick);
        Console.WriteLine($"matching: {set.Queries.Count} queries, {set.Claims.Count:N0} claims ({set.Description})");
        var database = Path.Combine(run.WorkDirectory, "matching.db");
        var rows = new List<(string Name, RankingScores Scores, Latencies Latency)>();
        foreach (var (configuration, off) in Configurations)
        {
            var environment = BenchRun.ClaimsEnvironment(database);
            environment["Matching__Semantic"] = "true";
            if (off is not null)
            {
                environment[off] = "false";
            }

            await using var service = await ServiceUnderTest.StartAsync($"claims-{configuration}", run.Services.ClaimsAssembly, environment);
            await using var trace = await run.TraceAsync(service, $"{Name}-{configuration}");
            using var channel = service.Channel();
            var client = new ClaimsService.ClaimsServiceClient(channel);
            var probe = set.Queries[0].Text;
            if (rows.Count == 0)
            {
                await CreateAndIndexAsync(run, client, set, probe);
            }
            else
            {
                // Restarted on the same file: the stored vectors are read back, not computed again,
                // so the index is complete far sooner than embedding would take at the rate above.
                var clock = Stopwatch.StartNew();
                var waiting = (await MatchAsync(client, probe, 1)).UnindexedClaims;
                await WaitUntilIndexedAsync(client, probe);
                run.Report.Add(Name, $"{configuration}: index complete after restart", clock.Elapsed.TotalSeconds, "s",
                    $"from the first MatchClaims after SERVING, which said {waiting:N0} claims unindexed");
            }

            var (scores, latency, model, returned) = await QueryAsync(client, set);
            var what = $"{set.Description}; semantic model: {(model.Length == 0 ? "none" : model)}";
            var how = $"page_size {PageSize}, 1 caller, {latency.Count} timed calls after {WarmUpQueries} untimed";
            run.Report.Add(Name, $"{configuration}: MAP@5", scores.MapAt5, "", what);
            run.Report.Add(Name, $"{configuration}: MAP@1", scores.MapAt1, "", what);
            run.Report.Add(Name, $"{configuration}: MRR", scores.Mrr, "", $"over the top {PageSize}");
            run.Report.Add(Name, $"{configuration}: Recall@5", scores.RecallAt5, "", what);
            run.Report.Add(Name, $"{configuration}: matches returned per query", returned, "", $"mean, of at most {PageSize}");
            run.Report.Add(Name, $"{configuration}: MatchClaims p50", latency.P50, "ms", how);
            run.Report.Add(Name, $"{configuration}: MatchClaims p99", latency.P99, "ms", how);
            rows.Add((configuration, scores, latency));
        }

        Console.WriteLine();
        Console.WriteLine($"{"configuration",-14} {"MAP@5",6} {"MAP@1",6} {"MRR",6} {"R@5",6} {"p50 ms",8} {"p99 ms",8}");
        foreach (var (configuration, s, l) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{configuration,-14} {s.MapAt5,6:0.000} {s.MapAt1,6:0.000} {s.Mrr,6:0.000} {s.RecallAt5,6:0.000} {l.P50,8:0.0} {l.P99,8:0.0}"));
        }

        var (_, fused, fusedLatency) = rows[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"matching: MAP@5={fused.MapAt5:0.000} MAP@1={fused.MapAt1:0.000} MRR={fused.Mrr:0.000} R@5={fused.RecallAt5:0.000} p50={fusedLatency.P50:0.#} ms p99={fusedLatency.P99:0.#} ms"));
    }

    /// <summary>
    /// Creates the claims with concurrent CreateClaim calls, then waits until the service has
    /// indexed them all for meaning. GetClaim's throughput is measured twice: with the first claim
    /// alone, indexed (idle), and while the indexer works through the rest; the indexer may slow
    /// reads by at most half.
    /// </summary>
    private static async Task CreateAndIndexAsync(BenchRun run, ClaimsService.ClaimsServiceClient client, EvaluationSet set, string probe)
    {
        var first = set.Claims[0];
        var read = new GetClaimRequest { Name = (await client.CreateClaimAsync(new CreateClaimRequest { ClaimId = $"vclaim-{first.Id}", Claim = ToClaim(first) }, deadline: BenchRun.Deadline)).Name };
        await WaitUntilIndexedAsync(client, probe);
        var idle = await GetClaimRateAsync(client, read);

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(set.Claims.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = Writers }, async (claim, ct) =>
            await client.CreateClaimAsync(new CreateClaimRequest { ClaimId = $"vclaim-{claim.Id}", Claim = ToClaim(claim) }, deadline: BenchRun.Deadline, cancellationToken: ct));
        var created = clock.Elapsed;
        var before = (await MatchAsync(client, probe, 1)).UnindexedClaims;
        var indexing = await GetClaimRateAsync(client, read);
        var after = (await MatchAsync(client, probe, 1)).UnindexedClaims;
        run.Report.Add(Name, "GetClaim idle", idle, "calls/s", $"{ReadCallers} callers for {ReadWindow.TotalSeconds:0} s, one claim stored and indexed");
        run.Report.Add(Name, "GetClaim while indexing", indexing, "calls/s",
            $"{ReadCallers} callers for {ReadWindow.TotalSeconds:0} s while the indexer worked ({before:N0} claims unindexed before, {after:N0} after)");
        run.Report.Add(Name, "GetClaim while indexing / idle", indexing / idle, "×", "target ≥ 0.5");
        await WaitUntilIndexedAsync(client, probe);
        var indexed = clock.Elapsed;
        var count = set.Claims.Count - 1;
        run.Report.Add(Name, "CreateClaim rate", count / created.TotalSeconds, "/s", $"{count:N0} claims, {Writers} concurrent callers");
        run.Report.Add(Name, "indexing rate", count / indexed.TotalSeconds, "claims/s",
            string.Create(CultureInfo.InvariantCulture, $"{count:N0} claims from the first CreateClaim sent to unindexed_claims 0 ({indexed.TotalSeconds:0.0} s, {ReadWindow.TotalSeconds:0} s of reads among it; polled every {IndexPoll.TotalMilliseconds:0} ms)"));
    }

    private const int ReadCallers = 16;
    private static readonly TimeSpan ReadWindow = TimeSpan.FromSeconds(3);

    /// <summary>GetClaim calls per second over <see cref="ReadWindow"/>, from <see cref="ReadCallers"/> callers each calling in a loop.</summary>
    private static async Task<double> GetClaimRateAsync(ClaimsService.ClaimsServiceClient client, GetClaimRequest request)
    {
        long calls = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, ReadCallers).Select(async _ =>
        {
            while (clock.Elapsed < ReadWindow)
            {
                await client.GetClaimAsync(request, deadline: BenchRun.Deadline);
                Interlocked.Increment(ref calls);
            }
        }));
        return calls / clock.Elapsed.TotalSeconds;
    }

    private static Claim ToClaim(VerifiedClaim claim) => new()
    {
        Text = claim.Text,
        Language = "en",
        Sources = { new Source { Url = $"https://clef2020.example/vclaim/{claim.Id}", Title = claim.Title, Publisher = "CheckThat! 2020" } },
    };

    private static async Task WaitUntilIndexedAsync(ClaimsService.ClaimsServiceClient client, string probe)
    {
        var clock = Stopwatch.StartNew();
        long waiting;
        while ((waiting = (await MatchAsync(client, probe, 1)).UnindexedClaims) > 0)
        {
            if (clock.Elapsed > IndexPatience)
            {
                throw new TimeoutException($"{waiting} claims were still not indexed after {IndexPatience.TotalMinutes} minutes");
            }

            await Task.Delay(IndexPoll);
        }
    }

    private static async Task<(RankingScores Scores, Latencies Latency, string Model, double Returned)> QueryAsync(ClaimsService.ClaimsServiceClient client, EvaluationSet set)
    {
        foreach (var query in set.Queries.Take(WarmUpQueries))
        {
            await MatchAsync(client, query.Text, PageSize);
        }

        var rankings = new List<(IReadOnlyList<string> Ranking, IReadOnlySet<string> Relevant)>(set.Queries.Count);
        var times = new List<double>(set.Queries.Count);
        var model = "";
        foreach (var query in set.Queries)
        {
            var start = Stopwatch.GetTimestamp();
            var response = await MatchAsync(client, query.Text, PageSize);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            model = response.SemanticModel;
            rankings.Add((response.Matches.Select(m => VerifiedId(m.Claim.Name)).ToList(), set.Relevant[query.Id]));
        }

        return (RankingMetrics.Score(rankings), Latencies.Of(times), model, rankings.Average(r => r.Ranking.Count));
    }

    private static async Task<MatchClaimsResponse> MatchAsync(ClaimsService.ClaimsServiceClient client, string text, int pageSize) =>
        await client.MatchClaimsAsync(new MatchClaimsRequest { Text = text, PageSize = pageSize }, deadline: BenchRun.Deadline);

    private static string VerifiedId(string name) => name.StartsWith(ClaimPrefix, StringComparison.Ordinal)
        ? name[ClaimPrefix.Length..]
        : throw new InvalidOperationException($"MatchClaims returned {name}, which this scenario did not create");

    /// <summary>The claims to create, the queries to send and each query's relevant claims.</summary>
    private sealed record EvaluationSet(IReadOnlyList<VerifiedClaim> Claims, IReadOnlyList<RetrievalQuery> Queries, IReadOnlyDictionary<string, HashSet<string>> Relevant, string Description)
    {
        public static EvaluationSet Load(MatchingFiles files, bool quick)
        {
            var claims = Clef2020.ReadClaims(files.Claims);
            var relevant = Clef2020.ReadQrels(files.Qrels);
            // The task scores the queries that have a relevant claim; the others have no answer to find.
            var queries = Clef2020.ReadQueries(files.Queries).Where(q => relevant.ContainsKey(q.Id)).ToList();
            var source = $"{Path.GetFileName(Path.GetDirectoryName(files.Queries))}/{Path.GetFileName(files.Queries)}";
            if (!quick)
            {
                return new EvaluationSet(claims, queries, relevant, $"{queries.Count} queries of {source} over all {claims.Count:N0} claims");
            }

            // A slice for CI: the first queries, their relevant claims and a fixed set of others to rank them against.
            queries = queries.Take(QuickQueries).ToList();
            var gold = queries.SelectMany(q => relevant[q.Id]).ToHashSet(StringComparer.Ordinal);
            var slice = claims.Where(c => gold.Contains(c.Id)).Concat(claims.Where(c => !gold.Contains(c.Id)).Take(QuickOtherClaims)).ToList();
            return new EvaluationSet(slice, queries, relevant,
                $"quick: the first {queries.Count} queries of {source} over their {gold.Count} relevant claims and {slice.Count - gold.Count} others");
        }
    }
}
