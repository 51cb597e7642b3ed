using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace FactCheck.Storage;

/// <summary>
/// One SQLite file in WAL mode with synchronous = FULL (see <see cref="OpenAsync"/>), the embedded default. Writers are serialized by a process-wide
/// lock (cheap, no busy waiting) plus BEGIN IMMEDIATE against other processes on the same file,
/// so sequence numbers are assigned in commit order. Nothing can listen for commits from another
/// process, so <see cref="SqlDialect.NotifyOnCommitAsync"/> does nothing: readers there poll.
///
/// A SQLite file is the single-machine deployment: one service process per file. Its shared
/// locks are therefore no-ops and the services' in-process locks alone keep work apart; two
/// processes sharing one file keep their data intact (writes are serialized) but are not kept
/// apart otherwise. Run several replicas on PostgreSQL instead.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    private static readonly object DurableMark = new();

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // The native handles already set to synchronous = FULL; weak, so a handle the pool closes is forgotten with it.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _durableHandles = new();

    private readonly SqliteReadSessions _reads;

    private readonly int? _maxMegabytes;

    // The writer connection between batches (null while a batch holds it, or before the first).
    private SqliteWriterConnection? _writer;
    private int _disposed;

    /// <param name="maxMegabytes">The largest the file may grow (SQLite's max_page_count), null for no limit.</param>
    public SqliteDialect(string connectionString, int? maxMegabytes = null)
    {
        ConnectionString = connectionString;
        _maxMegabytes = maxMegabytes;
        _reads = new SqliteReadSessions(OpenAsync);
    }

    public string ConnectionString { get; }

    public override string SystemName => "sqlite";

    // Only the exact "INTEGER PRIMARY KEY" makes the column the row id; AUTOINCREMENT never reuses a deleted one.
    public override string AutoIncrementKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    // SQLite's INTEGER holds 64 bits, and an "INTEGER PRIMARY KEY" is the row id.
    public override string BigInteger => "INTEGER";

    public override string Binary => "BLOB";

    public override string WithoutRowId => " WITHOUT ROWID";

    public override string JsonText(string column, string field) => $"json_extract({column}, '$.{field}')";

    /// <summary>Nothing to hold across processes: one process per SQLite file (see the class comment).</summary>
    public override Task<IDisposable> HoldSharedLockAsync(int lockNamespace, string name, CancellationToken ct) =>
        Task.FromResult<IDisposable>(NoLock.Instance);

    /// <summary>
    /// Opens a connection with synchronous = FULL: in WAL mode that fsyncs the log at every
    /// commit, so an acknowledged write survives a power cut. NORMAL syncs only at checkpoints and
    /// can lose the last commits. The bundled e_sqlite3 happens to default to FULL, but the setting
    /// is per connection, not stored in the file, and a build compiled with
    /// SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (as some distributions' are) defaults to NORMAL in WAL
    /// mode, so it is set on every connection rather than left to the build.
    ///
    /// "Every connection" means every native handle: Microsoft.Data.Sqlite pools them, and a
    /// pooled handle keeps its setting, so the PRAGMA runs once per handle rather than once per
    /// open. A profile of GetClaim showed preparing and running it on every open cost about a
    /// sixth of the call's SQLite time.
    /// </summary>
    public override Task<DbConnection> OpenAsync(CancellationToken ct) => OpenAsync(new SqliteConnection(ConnectionString), ct);

    /// <summary>The connection group commit writes on: held open between batches, its statements prepared once (<see cref="SqliteWriterConnection"/>).</summary>
    public override async Task<DbConnection> OpenWriterAsync(CancellationToken ct) =>
        Interlocked.Exchange(ref _writer, null) ?? await OpenAsync(new SqliteWriterConnection(ConnectionString), ct);

    /// <summary>Keeps a healthy writer connection for the next batch; one that saw a failed batch, or a second one, is closed.</summary>
    public override ValueTask ReleaseWriter(DbConnection connection, bool healthy)
    {
        if (healthy && connection is SqliteWriterConnection writer && Interlocked.CompareExchange(ref _writer, writer, null) is null)
        {
            // Disposed meanwhile, Dispose may have looked before the writer was put back: taken back and closed here.
            var closeNow = Volatile.Read(ref _disposed) != 0 && Interlocked.CompareExchange(ref _writer, null, writer) == writer;
            return closeNow ? connection.DisposeAsync() : ValueTask.CompletedTask;
        }

        return connection.DisposeAsync();
    }

    private async Task<DbConnection> OpenAsync(SqliteConnection connection, CancellationToken ct)
    {
        await connection.OpenAsync(ct);
        try
        {
            var handle = connection.Handle!;
            if (!_durableHandles.TryGetValue(handle, out _))
            {
                await using var durable = connection.CreateCommand();
                durable.CommandText = "PRAGMA synchronous = FULL";
                await durable.ExecuteNonQueryAsync(ct);
                if (_maxMegabytes is { } megabytes)
                {
                    // A per-connection limit, like synchronous; a write past it fails with SQLITE_FULL, as on a full disk.
                    await using var limit = connection.CreateCommand();
                    limit.CommandText = "PRAGMA page_size";
                    var pageSize = Convert.ToInt64(await limit.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                    limit.CommandText = $"PRAGMA max_page_count = {megabytes * 1024L * 1024L / pageSize}";
                    await limit.ExecuteNonQueryAsync(ct);
                }
                _durableHandles.AddOrUpdate(handle, DurableMark);
            }

            return connection;
        }
        catch
        {
            // Not handed out: close it, then let the failure through.
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>On a connection held open for reads, with the statement prepared once (<see cref="SqliteReadSessions"/>).</summary>
    public override Task<T> ReadAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters,
        Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken ct) =>
        _reads.ReadAsync(sql, parameters, read, ct);

    public override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct)
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

    /// <summary>Creates the file's folder, switches the file to WAL and migrates under the write lock.</summary>
    public override async Task MigrateAsync(Func<DbConnection, Task> applyMigrations, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource));
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Interlocked.Exchange(ref _disposed, 1);
            Interlocked.Exchange(ref _writer, null)?.Dispose();
            _reads.Dispose();
            _writeLock.Dispose();
        }

        base.Dispose(disposing);
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
