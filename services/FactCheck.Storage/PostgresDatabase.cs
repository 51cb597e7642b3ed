using System.Data.Common;
using Npgsql;

namespace FactCheck.Storage;

/// <summary>
/// A PostgreSQL database shared by several replicas of one service. Writers take one
/// transaction-scoped advisory lock (<paramref name="writeLockKey"/>), so sequence numbers are
/// assigned in commit order across replicas: with a plain sequence, transaction A could take 41,
/// B take 42 and commit first, and a reader that saw 42 would skip 41 when A commits later.
/// Migrations run under a session advisory lock (<paramref name="migrationLockKey"/>): when
/// several replicas start at once, one migrates and the others wait, then find nothing to do.
/// </summary>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource, long writeLockKey, long migrationLockKey)
{
    public async Task<DbConnection> OpenAsync(CancellationToken ct) => await dataSource.OpenConnectionAsync(ct);

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", (NpgsqlConnection)connection, (NpgsqlTransaction)tx);
        command.Parameters.AddWithValue("key", writeLockKey);
        await command.ExecuteNonQueryAsync(ct);
        return tx;
    }

    public async Task MigrateAsync(Func<DbConnection, Task> applyMigrations, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await LockAsync(connection, "pg_advisory_lock", ct);
        try
        {
            await applyMigrations(connection);
        }
        finally
        {
            await LockAsync(connection, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    private async Task LockAsync(NpgsqlConnection connection, string function, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@key)", connection);
        command.Parameters.AddWithValue("key", migrationLockKey);
        await command.ExecuteNonQueryAsync(ct);
    }
}
