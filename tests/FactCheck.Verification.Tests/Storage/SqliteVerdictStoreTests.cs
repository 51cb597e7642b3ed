using FactCheck.Storage;
using FactCheck.Testing;
using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Tests.Storage;

/// <summary>The store contract on SQLite files.</summary>
public sealed class SqliteVerdictStoreTests : VerdictStoreContract, IDisposable
{
    private readonly TempFolder _folder = new("factcheck-sqlite-verdicts-");
    private readonly List<VerdictStore> _stores = [];
    private readonly Dictionary<IVerdictStore, string> _files = [];

    protected override Task<SqlDialect> EmptyDatabaseAsync() =>
        Task.FromResult<SqlDialect>(new SqliteDialect(_folder.Sqlite($"verification{_files.Count + 1}.db")));

    protected override async Task<IVerdictStore> SameDatabaseAsync(IVerdictStore store) =>
        await OpenAsync(new SqliteDialect(_files[store]));

    protected override async Task<IVerdictStore> OpenAsync(SqlDialect dialect)
    {
        var store = new VerdictStore(dialect, TimeProvider.System);
        _stores.Add(store);
        _files[store] = ((SqliteDialect)dialect).ConnectionString;
        await store.MigrateAsync(default);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}
