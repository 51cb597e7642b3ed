using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using FactCheck.Domain;

namespace FactCheck.Storage;

/// <summary>
/// What every FactCheck store on a SQL database shares, whatever the database: commands with
/// @name parameters (understood by both Microsoft.Data.Sqlite and Npgsql), numbered migrations
/// recorded in schema_migrations, a health ping, write transactions that hold the write lock
/// (one per write, or shared by concurrent writes through group commit), and a span per
/// operation. What differs between databases is the <see cref="SqlDialect"/>'s.
/// </summary>
public abstract class RelationalStore : IDisposable, IBackupSource
{
    private readonly SqlDialect _dialect;
    private readonly TimeProvider _clock;

    // Created at the first group-committed write: stores that never use group commit run no writer loop.
    private readonly Lazy<GroupCommitWriter> _groupCommit;

    protected RelationalStore(SqlDialect dialect, TimeProvider clock)
    {
        _dialect = dialect;
        _clock = clock;
        _groupCommit = new(() => new GroupCommitWriter(dialect, StoreName, BeforeGroupCommitAsync, AfterGroupCommit));
    }

    /// <summary>How many group-commit transactions this store has committed, how many writes they carried, and how many are queued.</summary>
    public GroupCommitCounts GroupCommitCounts => _groupCommit.IsValueCreated ? _groupCommit.Value.Counts : default;

    protected TimeProvider Clock => _clock;

    protected SqlDialect Dialect => _dialect;

    /// <summary>"claims" or "verdicts": the first part of every span name.</summary>
    protected abstract string StoreName { get; }

    /// <summary>A query of the newest event sequence, which a backup reports as the copy's; null for a store without events.</summary>
    protected virtual string? LastSequenceSql => null;

    /// <summary>The name of the store's part of a backup: its folder and its copy's file name.</summary>
    public virtual string BackupName => StoreName;

    /// <summary>The schema as numbered migrations, spelled for <see cref="Dialect"/>.</summary>
    protected abstract IReadOnlyList<(int Version, string Sql)> Migrations { get; }

    /// <summary>Finishes the group-commit writes already queued, then closes the dialect (its write lock with it).</summary>
    public void Dispose()
    {
        if (_groupCommit.IsValueCreated)
        {
            _groupCommit.Value.Dispose();
        }

        _dialect.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Applies pending schema migrations. Safe to call at every start, from several processes at once.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        using var span = Trace("migrate");
        await _dialect.MigrateAsync(connection => ApplyMigrationsAsync(connection, Migrations, ct), ct);
    }

    /// <summary>Writes a consistent copy of the database to <paramref name="path"/> while writes go on (see <see cref="DatabaseBackups"/>); returns the newest event sequence in the copy.</summary>
    public async Task<long> CopyToAsync(string path, DatabaseBackups backups, CancellationToken ct)
    {
        using var span = Trace("backup");
        return _dialect switch
        {
            SqliteDialect sqlite => await DatabaseBackups.CopySqliteAsync(sqlite, path, LastSequenceSql, ct),
            PostgresDialect postgres => await backups.DumpPostgresAsync(postgres, path, LastSequenceSql, ct),
            _ => throw new NotSupportedException($"no backup for {_dialect.SystemName}"),
        };
    }

    /// <summary>Round-trips to the database; throws when it cannot be reached or is not migrated.</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        using var span = Trace("ping");
        await using var connection = await OpenAsync(ct);
        await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM schema_migrations", ct);
    }

    /// <summary>
    /// True when <paramref name="failure"/> is the database's fault (unreachable, a lost
    /// connection, a full disk: <see cref="DatabaseFaultRules"/>), which is then counted where the
    /// database's outages are followed and logged once per outage; a background loop that gets
    /// one need not log it again. False for anything else, which is the caller's to report.
    /// </summary>
    public bool IsDatabaseFault(Exception failure) => _dialect.Faults is { } faults ? faults.Refusal(failure) is not null : DatabaseFaultRules.Classify(failure) is not null;

    /// <summary>Starts the span of one operation of this store ("claims.create").</summary>
    protected Activity? Trace(string operation) => StoreTelemetry.StartOperation($"{StoreName}.{operation}", _dialect);

    protected Task<DbConnection> OpenAsync(CancellationToken ct) => _dialect.OpenAsync(ct);

    /// <summary>
    /// Runs <paramref name="body"/> through group commit (<see cref="GroupCommitWriter"/>): in a
    /// transaction shared with the writes queued beside it, inside its own savepoint, traced as
    /// <paramref name="operation"/>. Completes only after that transaction commits, with the
    /// body's result or the exception it threw (which undid this write alone). The body gets a
    /// token that is never cancelled: once its batch runs, the write runs to its end;
    /// <paramref name="ct"/> only withdraws a write still queued. <paramref name="committed"/>
    /// sees the result once it is committed, before <see cref="AfterGroupCommit"/> and before
    /// the caller is answered.
    /// </summary>
    protected async Task<T> GroupWriteAsync<T>(
        string operation, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> body, CancellationToken ct, Action<T>? committed = null)
    {
        using var span = Trace(operation);
        return await _groupCommit.Value.WriteAsync(body, committed, ct);
    }

    /// <summary>Runs once inside each group-commit transaction that applied a write, just before it commits.</summary>
    protected virtual Task BeforeGroupCommitAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs once after each group-commit transaction that applied a write has committed, before its callers are answered.</summary>
    protected virtual void AfterGroupCommit()
    {
    }

    /// <summary>Applies each migration not yet recorded in schema_migrations, each in its own transaction.</summary>
    private async Task ApplyMigrationsAsync(DbConnection connection, IReadOnlyList<(int Version, string Sql)> migrations, CancellationToken ct)
    {
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_time TEXT NOT NULL)", ct);
        foreach (var (version, sql) in migrations)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var applied = await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", ct, ("@v", version));
            if (applied == 0)
            {
                await ExecuteAsync(connection, tx, sql, ct);
                await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, applied_time) VALUES (@v, @t)", ct,
                    ("@v", version), ("@t", _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            }

            await tx.CommitAsync(ct);
        }
    }

    /// <summary>
    /// The result recorded under <paramref name="key"/> (a <see cref="WriteContext.IdempotencyKey"/>)
    /// in the requests table's <paramref name="resultColumn"/>, or null when the key is new or
    /// null. A different request under the same key is refused: the key belongs to its first request.
    /// Call it under the write lock, so of two racing requests the second finds the first's row.
    /// </summary>
    protected static async Task<string?> RecordedResultAsync(
        DbConnection connection, DbTransaction? tx, string? key, WriteContext write, string resultColumn, CancellationToken ct)
    {
        if (key is null)
        {
            return null;
        }

        await using var lookup = Command(connection, tx, $"SELECT fingerprint, {resultColumn} FROM requests WHERE request_key = @key", ("@key", key));
        await using var reader = await lookup.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return reader.GetString(0) == write.RequestFingerprint ? reader.GetString(1) : throw Refusals.RequestIdReused(write.RequestId);
    }

    /// <summary>Records <paramref name="result"/> as the first result of the request under <paramref name="key"/> (nothing when the key is null).</summary>
    protected static async Task RecordResultAsync(
        DbConnection connection, DbTransaction tx, string? key, WriteContext write, string resultColumn, string result, CancellationToken ct)
    {
        if (key is not null)
        {
            await ExecuteAsync(connection, tx, $"INSERT INTO requests (request_key, fingerprint, {resultColumn}) VALUES (@key, @fp, @result)", ct,
                ("@key", key), ("@fp", write.RequestFingerprint), ("@result", result));
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        SqlDialect.CreateCommand(connection, tx, sql, parameters);

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    protected static async Task<T> ScalarAsync<T>(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }
}
