using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FactCheck.Verification.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialized (a process-wide lock
/// plus BEGIN IMMEDIATE against other processes), so outbox sequence numbers are assigned and
/// committed in the order verdicts were recorded.
///
/// A SQLite file is the single-machine deployment: one verification process per file. Its claim
/// delivery lock is therefore the in-process <c>ClaimLocks</c> alone; two processes sharing one
/// file would keep their data intact but could deliver one claim's rows concurrently. Run
/// several replicas on PostgreSQL (<see cref="PostgresVerdictStore"/>) instead.
/// </summary>
public sealed class SqliteVerdictStore(string connectionString, TimeProvider clock) : RelationalVerdictStore(clock), IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public string ConnectionString => connectionString;

    public void Dispose() => _writeLock.Dispose();

    public override async Task MigrateAsync(CancellationToken ct)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(ct);
        // WAL lets readers (summaries, lists) proceed while a writer commits; it is a property of the file.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", ct);
        await _writeLock.WaitAsync(ct);
        try
        {
            await ApplyMigrationsAsync(connection, SqliteMigrations.All, ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Nothing to hold beyond the in-process ClaimLocks: one process per SQLite file (see the class comment).</summary>
    public override Task<IDisposable> LockClaimDeliveryAsync(string claimId, CancellationToken ct) =>
        Task.FromResult<IDisposable>(NoLock.Instance);

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    protected override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            // deferred: false is BEGIN IMMEDIATE: the file's write lock is taken now, not on first write.
            return new WriteScope(((SqliteConnection)connection).BeginTransaction(deferred: false), () => _writeLock.Release());
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
            // Nothing was taken.
        }
    }
}
