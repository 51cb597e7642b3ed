using System.Diagnostics;
using System.Globalization;
using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Storage;
using FactCheck.Testing;
using Npgsql;

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
    public static async Task RunAsync(string backend, BenchOptions options)
    {
        await using var target = await BenchStore.OpenAsync(backend);
        if (target is null)
        {
            Console.WriteLine($"{backend}: skipped ({PostgresCluster.InstallHint})");
            return;
        }

        var seeding = Stopwatch.StartNew();
        await SeedAsync(target.Store, options.Claims);
        // A production database has statistics (autovacuum gathers them); a freshly seeded one must be told.
        await target.AnalyzeAsync();
        Console.WriteLine($"{backend}: seeded {options.Claims:N0} claims in {seeding.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"{"listing",-14} {"page 1 (ms)",12} {"last page",10} {"(ms)",8} {"last/first",11} {"OFFSET last (ms)",17} {"OFFSET/first",13}");

        foreach (var (name, filter, order) in Listings())
        {
            var positions = await WalkAsync(target.Store, filter, order, options.PageSize);
            var first = await MedianAsync(() => target.Store.ListAsync(filter, order, null, options.PageSize, default), options.Repetitions);
            var last = await MedianAsync(() => target.Store.ListAsync(filter, order, positions[^1], options.PageSize, default), options.Repetitions);
            var offset = await MedianAsync(() => target.OffsetPageAsync(order, filter.Tag, (positions.Count) * options.PageSize, options.PageSize), Math.Max(5, options.Repetitions / 10));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} {first,12:F3} {positions.Count + 1,10} {last,8:F3} {last / first,11:F2} {offset,17:F3} {offset / first,13:F1}"));
        }

        Console.WriteLine();
    }

    private static IEnumerable<(string Name, ClaimFilter Filter, ClaimOrder Order)> Listings() =>
    [
        ("newest", new ClaimFilter([]), ClaimOrder.Newest),
        ("due soonest", new ClaimFilter([]), ClaimOrder.DueSoonest),
        ("tag, oldest", new ClaimFilter([], Tag: "even"), ClaimOrder.Oldest),
    ];

    private static async Task SeedAsync(IClaimStore store, int count)
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
    private static async Task<List<ListPosition>> WalkAsync(IClaimStore store, ClaimFilter filter, ClaimOrder order, int pageSize)
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

/// <summary>A claims store over a fresh database of the chosen backend, and the naive OFFSET query for contrast.</summary>
public sealed class BenchStore : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("factcheck-bench-").FullName;
    private PostgresCluster? _cluster;
    private NpgsqlDataSource? _postgres;
    private string? _sqlite;

    public IClaimStore Store { get; private set; } = null!;

    public static async Task<BenchStore?> OpenAsync(string backend)
    {
        var bench = new BenchStore();
        if (backend == "sqlite")
        {
            bench._sqlite = $"Data Source={Path.Combine(bench._directory, "claims.db")}";
            bench.Store = new ClaimStore(new SqliteDialect(bench._sqlite), TimeProvider.System, new ClaimEventSignal());
        }
        else
        {
            if (PostgresCluster.FindBinaries() is null)
            {
                await bench.DisposeAsync();
                return null;
            }

            bench._cluster = await PostgresCluster.StartAsync();
            bench._postgres = NpgsqlDataSource.Create(await bench._cluster.CreateDatabaseAsync("bench"));
            bench.Store = new ClaimStore(ClaimStore.Postgres(bench._postgres), TimeProvider.System, new ClaimEventSignal());
        }

        await bench.Store.MigrateAsync(default);
        return bench;
    }

    public async Task AnalyzeAsync()
    {
        await using var connection = await OpenAsync();

        await using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What a naive implementation would run for the same page: skip <paramref name="skip"/> rows.</summary>
    public async Task OffsetPageAsync(ClaimOrder order, string? tag, int skip, int take)
    {
        var orderBy = order switch { ClaimOrder.Oldest => "pk ASC", ClaimOrder.DueSoonest => "due_sort ASC, pk ASC", _ => "pk DESC" };
        var where = tag is null ? "" : "WHERE pk IN (SELECT claim_pk FROM claim_tags WHERE tag = @tag)";
        var sql = $"SELECT document FROM claims {where} ORDER BY {orderBy} LIMIT {take} OFFSET {skip}";
        await using var connection = await OpenAsync();

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@tag";
        parameter.Value = tag ?? (object)DBNull.Value;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(0);
        }
    }

    private async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        System.Data.Common.DbConnection connection = _postgres is not null
            ? await _postgres.OpenConnectionAsync()
            : new Microsoft.Data.Sqlite.SqliteConnection(_sqlite);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
