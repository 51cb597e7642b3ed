namespace FactCheck.Testing;

/// <summary>
/// A temporary folder for one test's files (SQLite databases, import files), shared by the hosts
/// a test starts and restarts, and deleted with it.
/// </summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "factcheck-") =>
        Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A SQLite connection string for the database file <paramref name="name"/> in the folder.</summary>
    public string Sqlite(string name) => $"Data Source={File(name)}";

    public string ClaimsDb => Sqlite("claims.db");

    public string VerificationDb => Sqlite("verification.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind; the test result stands.
        }
    }
}
