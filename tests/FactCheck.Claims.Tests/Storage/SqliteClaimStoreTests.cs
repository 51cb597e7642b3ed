using FactCheck.Claims.Storage;
using FactCheck.Storage;
using FactCheck.Testing;
using Microsoft.Data.Sqlite;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>The store contract on SQLite files.</summary>
public sealed class SqliteClaimStoreTests : ClaimStoreContract, IDisposable
{
    private readonly TempFolder _folder = new("factcheck-sqlite-store-");
    private readonly List<ClaimStore> _stores = [];
    private readonly Dictionary<ClaimStore, string> _files = [];

    protected override string DatabaseSystem => "sqlite";

    protected override async Task<ClaimStore> NewStoreAsync() => await OpenAsync(_folder.Sqlite($"claims{_files.Count + 1}.db"));

    protected override async Task<ClaimStore> SameDatabaseAsync(ClaimStore store) => await OpenAsync(_files[store]);

    protected override Task<SqlDialect> NewDatabaseAsync() => Task.FromResult<SqlDialect>(new SqliteDialect(_folder.Sqlite($"other-{Guid.NewGuid():N}.db")));

    /// <summary>BEGIN IMMEDIATE on a connection of its own: the file's write lock, as another process would take it.</summary>
    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(ClaimStore store)
    {
        var connection = new SqliteConnection(_files[store]);
        await connection.OpenAsync();
        return new HeldWriteLock(connection, connection.BeginTransaction(deferred: false));
    }

    private async Task<ClaimStore> OpenAsync(string connectionString)
    {
        var store = new ClaimStore(new SqliteDialect(connectionString), TimeProvider.System, new ClaimCommits());
        _stores.Add(store);
        _files[store] = connectionString;
        await store.MigrateAsync(default);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}
