using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Tests.Storage;

/// <summary>The store contract on SQLite files.</summary>
public sealed class SqliteVerdictStoreTests : VerdictStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("factcheck-sqlite-verdicts-").FullName;
    private readonly List<SqliteVerdictStore> _stores = [];
    private int _files;

    protected override async Task<IVerdictStore> NewStoreAsync() =>
        await OpenAsync($"Data Source={Path.Combine(_directory, $"verification{++_files}.db")}");

    protected override async Task<IVerdictStore> SameDatabaseAsync(IVerdictStore store) =>
        await OpenAsync(_stores.First(s => s == store).ConnectionString);

    private async Task<SqliteVerdictStore> OpenAsync(string connectionString)
    {
        var store = new SqliteVerdictStore(connectionString, TimeProvider.System);
        _stores.Add(store);
        await store.MigrateAsync(default);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
