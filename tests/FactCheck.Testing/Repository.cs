namespace FactCheck.Testing;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "FactCheck.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"FactCheck.sln not found above {AppContext.BaseDirectory}");
    }
}
