using Microsoft.Data.Sqlite;

namespace FactCheck.Testing;

/// <summary>
/// A consistent copy of a live SQLite database (VACUUM INTO from a connection of its own, beside
/// the service still writing), and putting such a copy back in place of the database: what a
/// restore from an older backup does to a service.
/// </summary>
public static class SqliteCopy
{
    /// <summary>Copies the database of <paramref name="connectionString"/> to the file <paramref name="target"/>, which must not exist.</summary>
    public static async Task TakeAsync(string connectionString, string target)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO @target";
        command.Parameters.AddWithValue("@target", target);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Puts <paramref name="copy"/> in place of the database file <paramref name="database"/>, with
    /// its -wal and -shm files removed (they belong to the database being replaced). The service
    /// using it must be stopped; pooled connections of this process are closed first.
    /// </summary>
    public static void PutBack(string copy, string database)
    {
        SqliteConnection.ClearAllPools();
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        File.Copy(copy, database, overwrite: true);
    }
}
