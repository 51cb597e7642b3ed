using System.Diagnostics;

namespace FactCheck.Bench.Hosts;

/// <summary>
/// A CPU-sampling trace of one service process while one scenario runs (<c>--trace DIR</c>):
/// dotnet-trace attached by process id, stopped with SIGINT as a person would with Ctrl+C.
/// Read the result with <c>dotnet-trace report FILE topN -n 30</c> (add <c>--inclusive</c>).
/// </summary>
public sealed class CpuTrace : IAsyncDisposable
{
    private readonly Process _collector;

    private CpuTrace(Process collector, string file)
    {
        _collector = collector;
        File = file;
    }

    public string File { get; }

    /// <summary>dotnet-trace on PATH or where `dotnet tool install -g dotnet-trace` puts it.</summary>
    public static string? FindTool() =>
        new[] { Environment.GetEnvironmentVariable("PATH") ?? "", Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools") }
            .SelectMany(p => p.Split(':', StringSplitOptions.RemoveEmptyEntries))
            .Select(d => Path.Combine(d, "dotnet-trace")).FirstOrDefault(System.IO.File.Exists);

    public static async Task<CpuTrace> StartAsync(string tool, int pid, string file)
    {
        var start = new ProcessStartInfo(tool, ["collect", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "-o", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var collector = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet-trace");
        // The session is live once dotnet-trace prints its "Process" banner; sampling before it would miss the scenario's start.
        var banner = collector.StandardOutput.ReadLineAsync();
        while (await banner is { } line && !line.Contains("Output File", StringComparison.Ordinal))
        {
            banner = collector.StandardOutput.ReadLineAsync();
        }

        _ = collector.StandardOutput.ReadToEndAsync();
        return new CpuTrace(collector, file);
    }

    public async ValueTask DisposeAsync()
    {
        using (var interrupt = Process.Start("kill", ["-INT", _collector.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _collector.WaitForExitAsync(patience.Token);
        _collector.Dispose();
    }
}
