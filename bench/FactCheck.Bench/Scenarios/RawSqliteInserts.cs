using Microsoft.Data.Sqlite;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// The write baseline: plain SQLite inserts of claim-sized rows on the same disk, with the
/// durability the claims service runs with (WAL, synchronous=FULL), either one row per
/// transaction or <c>rowsPerTransaction</c> rows per transaction (group commit). One writer, as
/// SQLite allows one at a time.
/// </summary>
public static class RawSqliteInserts
{
    public static async Task<double> RowsPerSecondAsync(string directory, int rowsPerTransaction, string document, int maxRows, TimeSpan maxDuration)
    {
        var file = Path.Combine(directory, $"raw-{rowsPerTransaction}.db");
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE rows (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, document TEXT NOT NULL);
                """;
            await setup.ExecuteNonQueryAsync();
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO rows (id, document) VALUES (@id, @doc)";
        var id = insert.Parameters.Add("@id", SqliteType.Text);
        insert.Parameters.AddWithValue("@doc", document);
        return await RawInserts.RowsPerSecondAsync(connection, insert, id, rowsPerTransaction, maxRows, maxDuration);
    }

    /// <summary>The synchronous setting a fresh connection to <paramref name="databasePath"/> gets, as the service's own connections do (2 = FULL).</summary>
    public static async Task<long> DefaultSynchronousAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA synchronous";
        return (long)(await read.ExecuteScalarAsync())!;
    }
}
