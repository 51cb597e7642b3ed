using FactCheck.Claims.Storage;
using FactCheck.Storage;
using FactCheck.Testing;
using Npgsql;

namespace FactCheck.Bench;

/// <summary>A claims store over a fresh database of the chosen backend, and the naive OFFSET query for contrast.</summary>
public sealed class BenchStore : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("factcheck-bench-").FullName;
    private PostgresCluster? _cluster;
    private NpgsqlDataSource? _postgres;
    private string? _sqlite;

    public ClaimStore Store { get; private set; } = null!;

    public static async Task<BenchStore?> OpenAsync(string backend)
    {
        var bench = new BenchStore();
        if (backend == "sqlite")
        {
            bench._sqlite = $"Data Source={Path.Combine(bench._directory, "claims.db")}";
            bench.Store = new ClaimStore(new SqliteDialect(bench._sqlite), TimeProvider.System, new ClaimCommits());
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
            bench.Store = new ClaimStore(ClaimStore.Postgres(bench._postgres), TimeProvider.System, new ClaimCommits());
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
