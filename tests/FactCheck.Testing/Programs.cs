using System.Diagnostics;

namespace FactCheck.Testing;

/// <summary>Other programs the tests and the benchmark run to their end (PostgreSQL's tools, <c>dotnet publish</c>).</summary>
public static class Programs
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> to its end; throws with its output when it exits non-zero.</summary>
    public static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
