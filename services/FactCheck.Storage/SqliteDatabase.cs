using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FactCheck.Storage;

/// <summary>
/// One SQLite file in WAL mode, as both services' embedded stores use it. Writers are
/// serialized by a process-wide lock (cheap, no busy waiting) plus BEGIN IMMEDIATE against
/// other processes on the same file, so sequence numbers are assigned in commit order.
/// </summary>
public sealed class SqliteDatabase(string connectionString) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public string ConnectionString => connectionString;

    public void Dispose() => _writeLock.Dispose();

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Begins a write transaction holding the write lock; the returned action releases the process-wide part.</summary>
    public async Task<(DbTransaction Transaction, Action Release)> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            // deferred: false is BEGIN IMMEDIATE: the file's write lock is taken now, not on first write.
            return (((SqliteConnection)connection).BeginTransaction(deferred: false), () => _writeLock.Release());
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
    }

    /// <summary>Creates the file's folder, switches the file to WAL and runs <paramref name="applyMigrations"/> under the write lock.</summary>
    public async Task MigrateAsync(Func<DbConnection, Task> applyMigrations, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(ct);
        await using (var wal = connection.CreateCommand())
        {
            // WAL lets readers (lists, watches, summaries) proceed while a writer commits; it is a property of the file.
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(ct);
        }

        await _writeLock.WaitAsync(ct);
        try
        {
            await applyMigrations(connection);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
