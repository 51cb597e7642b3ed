using FactCheck.Claims.Storage;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>The store contract on SQLite files.</summary>
public sealed class SqliteClaimStoreTests : ClaimStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("factcheck-sqlite-store-").FullName;
    private readonly List<SqliteClaimStore> _stores = [];
    private int _files;

    protected override async Task<IClaimStore> NewStoreAsync() =>
        await OpenAsync($"Data Source={Path.Combine(_directory, $"claims{++_files}.db")}");

    protected override async Task<IClaimStore> SameDatabaseAsync(IClaimStore store) =>
        await OpenAsync(_stores.First(s => s == store).ConnectionString);

    private async Task<SqliteClaimStore> OpenAsync(string connectionString)
    {
        var store = new SqliteClaimStore(connectionString, TimeProvider.System, new ClaimEventSignal());
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
