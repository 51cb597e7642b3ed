using FactCheck.Claims.Storage;
using FactCheck.Storage;
using FactCheck.Testing;
using Npgsql;

namespace FactCheck.Claims.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}

/// <summary>The store contract on a real PostgreSQL: a throwaway cluster, a new database per test.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresClaimStoreTests(PostgresFixture postgres) : ClaimStoreContract, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private readonly Dictionary<ClaimStore, string> _databases = [];

    protected override string DatabaseSystem => "postgresql";

    protected override async Task<ClaimStore> NewStoreAsync()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        return await OpenAsync(await cluster.CreateDatabaseAsync("claims"));
    }

    protected override async Task<ClaimStore> SameDatabaseAsync(ClaimStore store) => await OpenAsync(_databases[store]);

    protected override async Task<SqlDialect> NewDatabaseAsync()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var source = NpgsqlDataSource.Create(await cluster.CreateDatabaseAsync("other"));
        _sources.Add(source);
        return ClaimStore.Postgres(source);
    }

    /// <summary>The claims write lock (a transaction advisory lock) taken on a connection of its own, as another replica would.</summary>
    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(ClaimStore store)
    {
        var connection = new NpgsqlConnection(_databases[store]);
        await connection.OpenAsync();
        var tx = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx);
        command.Parameters.AddWithValue("key", ClaimStore.PostgresWriteLockKey);
        await command.ExecuteNonQueryAsync();
        return new HeldWriteLock(connection, tx);
    }

    private async Task<ClaimStore> OpenAsync(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        _sources.Add(source);
        var store = new ClaimStore(ClaimStore.Postgres(source), TimeProvider.System, new ClaimCommits());
        _databases[store] = connectionString;
        await store.MigrateAsync(default);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
