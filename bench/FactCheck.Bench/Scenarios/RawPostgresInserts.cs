using Npgsql;
using NpgsqlTypes;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// The write baseline on PostgreSQL, as <see cref="RawSqliteInserts"/> is on SQLite: plain
/// inserts of claim-sized rows into a database of their own on the same server as the claims
/// database, with the durability the service's connections get (<c>synchronous_commit</c>,
/// passed in as read from them), one row per transaction or <c>rowsPerTransaction</c> rows per
/// transaction (group commit). One writer on one connection with a prepared statement, as the
/// claims service's writes are serialized by its write lock.
/// </summary>
public static class RawPostgresInserts
{
    public static async Task<double> RowsPerSecondAsync(string connectionString, string synchronousCommit, int rowsPerTransaction, string document, int maxRows, TimeSpan maxDuration)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var table = $"raw_{rowsPerTransaction}";
        await using (var setup = new NpgsqlCommand(
            $"""
            SET synchronous_commit = '{synchronousCommit}';
            CREATE TABLE {table} (pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE, document TEXT NOT NULL);
            """, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using var insert = new NpgsqlCommand($"INSERT INTO {table} (id, document) VALUES (@id, @doc)", connection);
        var id = insert.Parameters.Add("id", NpgsqlDbType.Text);
        insert.Parameters.AddWithValue("doc", NpgsqlDbType.Text, document);
        await insert.PrepareAsync();
        return await RawInserts.RowsPerSecondAsync(connection, insert, id, rowsPerTransaction, maxRows, maxDuration);
    }
}
