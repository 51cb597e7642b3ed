using System.Data.Common;

namespace FactCheck.Storage;

/// <summary>
/// What differs between the databases a FactCheck store runs on, and nothing else: how to open
/// a connection, how writers are serialized (the write lock), how concurrent migrations are kept
/// apart, how other processes learn of a commit, and the few type names and SQL pieces the
/// migrations spell differently. Stores and their migrations are written once over it.
/// </summary>
public abstract class SqlDialect : IDisposable
{
    /// <summary>The OpenTelemetry db.system name ("sqlite", "postgresql").</summary>
    public abstract string SystemName { get; }

    /// <summary>A 64-bit integer key that numbers rows by itself, as a column definition.</summary>
    public abstract string AutoIncrementKey { get; }

    /// <summary>The 64-bit integer type.</summary>
    public abstract string BigInteger { get; }

    /// <summary>The type of a column of raw bytes.</summary>
    public abstract string Binary { get; }

    /// <summary>Ends a CREATE TABLE whose rows are stored in primary-key order (SQLite's WITHOUT ROWID; "" where tables have no such option).</summary>
    public abstract string WithoutRowId { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// The connection group commit runs a batch on, given back with <see cref="ReleaseWriter"/>:
    /// here a new or pooled one; a dialect may hold one open with its statements prepared.
    /// </summary>
    public virtual Task<DbConnection> OpenWriterAsync(CancellationToken ct) => OpenAsync(ct);

    /// <summary>Gives back a connection from <see cref="OpenWriterAsync"/>; <paramref name="healthy"/> is false after a failed batch, whose connection is not used again.</summary>
    public virtual ValueTask ReleaseWriter(DbConnection connection, bool healthy) => connection.DisposeAsync();

    /// <summary>Where this database's failures are counted and its outages followed; null until <see cref="ReportFaultsTo"/>.</summary>
    public DatabaseFaults? Faults { get; private set; }

    /// <summary>Reports this database's failures and committed writes to <paramref name="faults"/>, which pings it through this dialect while it is away.</summary>
    public void ReportFaultsTo(DatabaseFaults faults)
    {
        Faults = faults;
        faults.Follow(this);
    }

    /// <summary>One round trip to the database, on a new or pooled connection.</summary>
    public virtual async Task PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = CreateCommand(connection, null, "SELECT 1", []);
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>Closes pooled connections nobody holds, which an outage has left dead (nothing where connections are files).</summary>
    public virtual void DropIdleConnections()
    {
    }

    /// <summary>
    /// Runs one read-only statement outside any transaction and maps its result with
    /// <paramref name="read"/>: for the hot point reads (GetClaim). The same <paramref name="sql"/>
    /// must always come with the same parameter names. Here, a connection from the pool and a
    /// new command each time; a dialect may keep the statement prepared instead.
    /// </summary>
    public virtual async Task<T> ReadAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters,
        Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = CreateCommand(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await read(reader, ct);
    }

    /// <summary>A command with @name parameters (understood by both Microsoft.Data.Sqlite and Npgsql), null values sent as SQL NULL.</summary>
    public static DbCommand CreateCommand(DbConnection connection, DbTransaction? tx, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        if (connection is SqliteWriterConnection writer && writer.Held(tx, sql, parameters) is { } held)
        {
            return held;
        }

        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Begins a transaction that holds the database-wide write lock until it ends.</summary>
    public abstract Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// Begins a transaction for a write that needs no place in the order of the store's other
    /// writes (it claims rows, not a sequence number). Where writers are one at a time anyway
    /// (SQLite), that is the write lock; where they are not (PostgreSQL), a plain transaction
    /// whose row locks (<see cref="ForUpdate"/>) keep such writes apart.
    /// </summary>
    public virtual Task<WriteScope> BeginRowWriteAsync(DbConnection connection, CancellationToken ct) => BeginWriteAsync(connection, ct);

    /// <summary>Ends a SELECT whose rows the transaction will change, locking them ("" where writers are one at a time anyway).</summary>
    public virtual string ForUpdate => "";

    /// <summary>
    /// Ends a SELECT of rows that one of several competing transactions should take, locking the
    /// rows of <paramref name="table"/> it returns and passing over those another holds ("" where
    /// writers are one at a time anyway).
    /// </summary>
    public virtual string ForUpdateSkipLocked(string table) => "";

    /// <summary>Prepares the database and runs <paramref name="applyMigrations"/> while no other process migrates it.</summary>
    public abstract Task MigrateAsync(Func<DbConnection, Task> applyMigrations, CancellationToken ct);

    /// <summary>Asks the database to wake the listeners of <paramref name="channel"/> when <paramref name="tx"/> commits (nothing where no other process can listen).</summary>
    public virtual Task NotifyOnCommitAsync(DbConnection connection, DbTransaction tx, string channel, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Holds the lock named <paramref name="name"/> in <paramref name="lockNamespace"/> against other
    /// processes sharing the database until disposed, waiting while another holds it; waiting
    /// stops when <paramref name="ct"/> is cancelled.
    /// </summary>
    public abstract Task<IDisposable> HoldSharedLockAsync(int lockNamespace, string name, CancellationToken ct);

    /// <summary>An SQL expression for the text of field <paramref name="field"/> in the JSON document held in text column <paramref name="column"/>.</summary>
    public abstract string JsonText(string column, string field);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A write transaction and whatever else must be released with it (a process-local lock).</summary>
public sealed class WriteScope(DbTransaction transaction, Action? release = null) : IAsyncDisposable
{
    public DbTransaction Transaction { get; } = transaction;

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        release?.Invoke();
    }
}
