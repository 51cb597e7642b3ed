using FactCheck.Bench.Load;
using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 3: ListClaims with a status+tag filter (UNVERIFIED, tag "iraq"; about a fifth of the
/// seeded claims), 50 claims a page: latency of page 1 against page 1,000, reached by following
/// page tokens, one caller. On a database too small for 1,000 pages the deepest page stands in and
/// the metric says which page it was.
/// </summary>
public static class ListClaimsDeepPage
{
    public const int PageSize = 50;

    private const int DeepPage = 1_000;

    public static async Task RunAsync(BenchRun run)
    {
        var filter = new ListClaimsRequest { PageSize = PageSize, Statuses = { ClaimStatus.Unverified }, Tag = SeedClaims.FilterTag };
        var (page, token) = await PageTokenAsync(run.ClaimsClient, filter, DeepPage);
        var deep = filter.Clone();
        deep.PageToken = token;

        var first = await ClosedLoop.SequentialAsync(run.Options.Repetitions, () => List(run, filter));
        var deepest = await ClosedLoop.SequentialAsync(run.Options.Repetitions, () => List(run, deep));
        var report = run.Report;
        var scenario = run.Scenario("listclaims");
        var how = $".NET client, 1 caller, {first.Count} calls, {PageSize} claims a page, UNVERIFIED + tag {SeedClaims.FilterTag}";
        report.Add(scenario, "page 1 p50", first.P50, "ms", how);
        report.Add(scenario, "page 1 p99", first.P99, "ms", how);
        report.Add(scenario, "deep page number", page, "page", page < DeepPage ? $"the database holds fewer than {DeepPage:N0} pages of this listing" : "");
        report.Add(scenario, "deep page p50", deepest.P50, "ms", how);
        report.Add(scenario, "deep page p99", deepest.P99, "ms", how);
        report.Add(scenario, "deep/first p50 ratio", deepest.P50 / first.P50, "×", $"page {page} / page 1");
    }

    private static Task<ListClaimsResponse> List(BenchRun run, ListClaimsRequest request) =>
        run.ClaimsClient.ListClaimsAsync(request, deadline: BenchRun.Deadline).ResponseAsync;

    /// <summary>Follows next-page tokens to page <paramref name="wanted"/>, or to the last page there is; returns which page and its token.</summary>
    private static async Task<(int Page, string Token)> PageTokenAsync(ClaimsService.ClaimsServiceClient client, ListClaimsRequest filter, int wanted)
    {
        var request = filter.Clone();
        var page = 1;
        var token = "";
        while (page < wanted)
        {
            var response = await client.ListClaimsAsync(request, deadline: BenchRun.Deadline);
            if (response.NextPageToken.Length == 0)
            {
                break;
            }

            token = response.NextPageToken;
            request.PageToken = token;
            page++;
        }

        return (page, token);
    }
}
