using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace FactCheck.Storage;

/// <summary>
/// A PostgreSQL database shared by several replicas of one service. Writers take one
/// transaction-scoped advisory lock (<paramref name="writeLockKey"/>), so sequence numbers are
/// assigned in commit order across replicas: with a plain sequence, transaction A could take 41,
/// B take 42 and commit first, and a reader that saw 42 would skip 41 when A commits later.
/// Migrations run under a session advisory lock (<paramref name="migrationLockKey"/>): when
/// several replicas start at once, one migrates and the others wait, then find nothing to do.
/// Commits wake other replicas through LISTEN/NOTIFY.
/// </summary>
public sealed class PostgresDialect(NpgsqlDataSource dataSource, long writeLockKey, long migrationLockKey) : SqlDialect
{
    public NpgsqlDataSource DataSource => dataSource;

    public override string SystemName => "postgresql";

    public override string AutoIncrementKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string BigInteger => "BIGINT";

    public override string Binary => "BYTEA";

    public override string WithoutRowId => "";

    // Documents are stored as text, which PostgreSQL reads as JSON only when told to.
    public override string JsonText(string column, string field) => $"({column})::json ->> '{field}'";

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await dataSource.OpenConnectionAsync(ct);

    /// <summary>After the server restarts, every idle pooled connection is dead and would fail its next caller once.</summary>
    public override void DropIdleConnections() => dataSource.Clear();

    public override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", (NpgsqlConnection)connection, (NpgsqlTransaction)tx);
        command.Parameters.AddWithValue("key", writeLockKey);
        await command.ExecuteNonQueryAsync(ct);
        return new WriteScope(tx);
    }

    /// <summary>A plain transaction: row locks, not the write lock, keep row writes apart.</summary>
    public override async Task<WriteScope> BeginRowWriteAsync(DbConnection connection, CancellationToken ct) =>
        new(await connection.BeginTransactionAsync(ct));

    public override string ForUpdate => "FOR UPDATE";

    public override string ForUpdateSkipLocked(string table) => $"FOR UPDATE OF {table} SKIP LOCKED";

    public override async Task MigrateAsync(Func<DbConnection, Task> applyMigrations, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await MigrationLockAsync(connection, "pg_advisory_lock", ct);
        try
        {
            await applyMigrations(connection);
        }
        finally
        {
            await MigrationLockAsync(connection, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    public override async Task NotifyOnCommitAsync(DbConnection connection, DbTransaction tx, string channel, CancellationToken ct)
    {
        // NOTIFY inside a transaction is delivered to listeners only when it commits.
        await using var command = new NpgsqlCommand($"NOTIFY {channel}", (NpgsqlConnection)connection, (NpgsqlTransaction)tx);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Holds a shared lock until disposed: pg_advisory_xact_lock(namespace, hash of the name) in a
    /// transaction kept open (and idle) meanwhile. The two-integer form keeps these keys apart
    /// from the write and migration locks, and a hash collision between two names only makes
    /// them wait for each other. Being transaction-scoped, the lock cannot outlive its holder:
    /// disposing rolls the transaction back, a dropped connection or a killed process ends it on
    /// the server, and a pooled connection is never handed out still holding it, which a
    /// session-level lock left behind by a failed unlock could be. Npgsql cancels the statement
    /// on the server when <paramref name="ct"/> is cancelled.
    /// </summary>
    public override async Task<IDisposable> HoldSharedLockAsync(int lockNamespace, string name, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        NpgsqlTransaction? tx = null;
        try
        {
            tx = await connection.BeginTransactionAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@ns, @key)", connection, tx);
            command.Parameters.AddWithValue("ns", lockNamespace);
            command.Parameters.AddWithValue("key", KeyOf(name));
            await command.ExecuteNonQueryAsync(ct);
            return new SharedLock(connection, tx);
        }
        catch
        {
            // Not handed out: release what was opened, then let the failure (or cancellation) through.
            if (tx is not null)
            {
                await tx.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stable 32-bit key for a name (the first bytes of its SHA-256), the same in every process.</summary>
    internal static int KeyOf(string name) =>
        BinaryPrimitives.ReadInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private async Task MigrationLockAsync(NpgsqlConnection connection, string function, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@key)", connection);
        command.Parameters.AddWithValue("key", migrationLockKey);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Releases the lock by ending its transaction. Disposal is synchronous because holders use
    /// <c>using</c>; the rollback is one short round trip.
    /// </summary>
    private sealed class SharedLock(NpgsqlConnection connection, NpgsqlTransaction tx) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                // Disposing an unfinished transaction rolls it back, which releases the advisory lock.
                tx.Dispose();
                connection.Dispose();
            }
        }
    }
}
