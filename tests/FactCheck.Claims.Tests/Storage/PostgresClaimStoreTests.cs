using FactCheck.Claims.Storage;
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
    private readonly Dictionary<IClaimStore, string> _databases = [];

    protected override string DatabaseSystem => "postgresql";

    protected override async Task<IClaimStore> NewStoreAsync()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        return await OpenAsync(await cluster.CreateDatabaseAsync("claims"));
    }

    protected override async Task<IClaimStore> SameDatabaseAsync(IClaimStore store) => await OpenAsync(_databases[store]);

    private async Task<IClaimStore> OpenAsync(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        _sources.Add(source);
        var store = new ClaimStore(ClaimStore.Postgres(source), TimeProvider.System, new ClaimEventSignal());
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
