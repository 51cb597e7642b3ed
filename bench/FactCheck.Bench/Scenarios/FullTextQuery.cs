using FactCheck.Bench.Load;
using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;

namespace FactCheck.Bench.Scenarios;

/// <summary>Scenario 8: a two-word full-text query over the seeded claims (about one in eight match), first page of 50, one caller.</summary>
public static class FullTextQuery
{
    public static async Task RunAsync(BenchRun run)
    {
        var request = new ListClaimsRequest { PageSize = ListClaimsDeepPage.PageSize, Query = SeedClaims.FullTextQuery };
        var found = await run.ClaimsClient.ListClaimsAsync(request, deadline: BenchRun.Deadline);
        if (found.Claims.Count == 0)
        {
            throw new InvalidOperationException($"the query '{SeedClaims.FullTextQuery}' found no seeded claim");
        }

        var latency = await ClosedLoop.SequentialAsync(run.Options.Repetitions, () => run.ClaimsClient.ListClaimsAsync(request, deadline: BenchRun.Deadline).ResponseAsync);
        var scenario = run.Scenario("fulltext");
        var how = $"query \"{SeedClaims.FullTextQuery}\", {found.Claims.Count} claims on page 1; .NET client, 1 caller, {latency.Count} calls";
        run.Report.Add(scenario, "query page p50", latency.P50, "ms", how);
        run.Report.Add(scenario, "query page p99", latency.P99, "ms", how);
    }
}
