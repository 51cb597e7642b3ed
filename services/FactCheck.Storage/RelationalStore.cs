using System.Data.Common;
using System.Globalization;

namespace FactCheck.Storage;

/// <summary>
/// What every FactCheck store on a SQL database shares, whatever the database: commands with
/// @name parameters (understood by both Microsoft.Data.Sqlite and Npgsql), numbered migrations
/// recorded in schema_migrations, a health ping, and write transactions that hold the store's
/// write lock. Each database supplies only how to open a connection and take that lock.
/// </summary>
public abstract class RelationalStore(TimeProvider clock)
{
    protected TimeProvider Clock => clock;

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Begins a transaction that holds the store-wide write lock until it ends.</summary>
    protected abstract Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Round-trips to the database; throws when it cannot be reached or is not migrated.</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM schema_migrations", ct);
    }

    /// <summary>Applies each migration not yet recorded in schema_migrations, each in its own transaction.</summary>
    protected async Task ApplyMigrationsAsync(DbConnection connection, IReadOnlyList<(int Version, string Sql)> migrations, CancellationToken ct)
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
                    ("@v", version), ("@t", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            }

            await tx.CommitAsync(ct);
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
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

    /// <summary>A write transaction and whatever else must be released with it (a process-local lock).</summary>
    protected sealed class WriteScope(DbTransaction transaction, Action? release = null) : IAsyncDisposable
    {
        public DbTransaction Transaction { get; } = transaction;

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            release?.Invoke();
        }
    }
}
