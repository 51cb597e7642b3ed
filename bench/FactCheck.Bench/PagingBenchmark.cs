using System.Diagnostics;
using System.Globalization;
using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Bench.Report;
using FactCheck.Testing;

namespace FactCheck.Bench;

/// <summary>
/// Seeds a store with many claims, then times the first page and the last page of a listing
/// (newest first, due soonest, and a tag filter). The baseline is page 1 of the same listing in
/// the same run; the figure that matters is the ratio last/first, which keyset pagination keeps
/// near 1 however deep the page is. For contrast it also times an OFFSET query for the same
/// last page, which is what a naive implementation would run.
/// </summary>
public static class PagingBenchmark
{
    public static async Task RunAsync(BenchRun run)
    {
        foreach (var backend in run.Options.Backends)
        {
            await RunAsync(backend, run.Options, run.Report);
        }
    }

    private static async Task RunAsync(string backend, BenchOptions options, BenchReport report)
    {
        await using var target = await BenchStore.OpenAsync(backend);
        if (target is null)
        {
            report.Note($"paging on {backend}: skipped ({PostgresCluster.InstallHint})");
            return;
        }

        var seeding = Stopwatch.StartNew();
        await SeedAsync(target.Store, options.PagingClaims);
        // A production database has statistics (autovacuum gathers them); a freshly seeded one must be told.
        await target.AnalyzeAsync();
        var scenario = $"paging {backend}";
        report.Add(scenario, "store seeded", options.PagingClaims, "claims", string.Create(CultureInfo.InvariantCulture, $"in {seeding.Elapsed.TotalSeconds:F1} s, through the store in-process"));

        foreach (var (name, filter, order) in Listings())
        {
            var positions = await WalkAsync(target.Store, filter, order, options.PageSize);
            var first = await MedianAsync(() => target.Store.ListAsync(filter, order, null, options.PageSize, default), options.Repetitions);
            var last = await MedianAsync(() => target.Store.ListAsync(filter, order, positions[^1], options.PageSize, default), options.Repetitions);
            var offset = await MedianAsync(() => target.OffsetPageAsync(order, filter.Tag, (positions.Count) * options.PageSize, options.PageSize), Math.Max(5, options.Repetitions / 10));
            var how = $"median of {options.Repetitions}, {options.PageSize} a page";
            report.Add(scenario, $"{name}: page 1", first, "ms", how);
            report.Add(scenario, $"{name}: page {positions.Count + 1} (last)", last, "ms", how);
            report.Add(scenario, $"{name}: last/first", last / first, "×", "keyset");
            report.Add(scenario, $"{name}: OFFSET last/first", offset / first, "×", "naive OFFSET query for the same last page");
        }
    }

    private static IEnumerable<(string Name, ClaimFilter Filter, ClaimOrder Order)> Listings() =>
    [
        ("newest", new ClaimFilter([]), ClaimOrder.Newest),
        ("due soonest", new ClaimFilter([]), ClaimOrder.DueSoonest),
        ("tag, oldest", new ClaimFilter([], Tag: "even"), ClaimOrder.Oldest),
    ];

    private static async Task SeedAsync(ClaimStore store, int count)
    {
        var write = new WriteContext("bench", "", "");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var batches = Enumerable.Range(0, count).Chunk(64);
        foreach (var batch in batches)
        {
            await Task.WhenAll(batch.Select(i => store.CreateAsync(null,
                new ClaimContent($"Sample claim number {i} about troop numbers in Iraq.", "the report",
                    [new Source($"https://example.org/news/{i % 100}", "", "Example News", null, "")], [],
                    i % 3 == 0 ? null : start.AddHours(i % 5000), null, i % 2 == 0 ? ["even"] : ["odd"], "en"),
                ClaimStatus.Unverified, "", write, default)));
        }
    }

    /// <summary>Follows next-page positions to the end, returning where each later page starts.</summary>
    private static async Task<List<ListPosition>> WalkAsync(ClaimStore store, ClaimFilter filter, ClaimOrder order, int pageSize)
    {
        var positions = new List<ListPosition>();
        ListPosition? next = null;
        do
        {
            var page = await store.ListAsync(filter, order, next, pageSize, default);
            next = page.Next;
            if (next is not null)
            {
                positions.Add(next);
            }
        }
        while (next is not null);

        return positions;
    }

    /// <summary>Median wall time of one call in milliseconds, after a warm-up.</summary>
    private static async Task<double> MedianAsync(Func<Task> call, int repetitions)
    {
        for (var i = 0; i < 5; i++)
        {
            await call();
        }

        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[repetitions / 2];
    }
}

