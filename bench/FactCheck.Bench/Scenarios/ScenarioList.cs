namespace FactCheck.Bench.Scenarios;

/// <summary>Which code runs each scenario named in <see cref="BenchOptions.AllScenarios"/>.</summary>
public static class ScenarioList
{
    public static Task RunAsync(string name, BenchRun run) => name switch
    {
        "getclaim" => GetClaimVersusEcho.RunAsync(run),
        "listclaims" => ListClaimsDeepPage.RunAsync(run),
        "fulltext" => FullTextQuery.RunAsync(run),
        "startup" => StartupAndMemory.RunAsync(run),
        "createclaim" => CreateClaimVersusRawInserts.RunAsync(run),
        "updatestatus" => UpdateStatusCallers.RunAsync(run),
        "watch" => WatchFanOut.RunAsync(run),
        "verdict" => VerdictEndToEnd.RunAsync(run),
        "backlog" => VerdictDuringBacklog.RunAsync(run),
        "paging" => PagingBenchmark.RunAsync(run),
        "extract" => ExtractArticle.RunAsync(run),
        "matching" => MatchingRetrieval.RunAsync(run),
        "soak" => Soak.RunAsync(run),
        _ => throw new ArgumentException($"unknown scenario {name}", nameof(name)),
    };
}
