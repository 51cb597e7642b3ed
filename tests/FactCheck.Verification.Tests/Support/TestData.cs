namespace FactCheck.Verification.Tests.Support;

/// <summary>A temporary folder for one test's SQLite files, shared by the hosts a test starts and restarts.</summary>
public sealed class TestData : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("factcheck-verification-").FullName;

    public string ClaimsDb => $"Data Source={Path.Combine(Directory, "claims.db")}";

    public string VerificationDb => $"Data Source={Path.Combine(Directory, "verification.db")}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind; the test result stands.
        }
    }
}
