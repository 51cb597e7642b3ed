using System.Globalization;
using System.Runtime.InteropServices;

namespace FactCheck.Bench.Report;

/// <summary>The machine a run measured on, read from the operating system and the runtime.</summary>
public sealed record MachineInfo(int Cores, double MemoryGiB, string OperatingSystem, string DotNet, string Date, string Tools)
{
    public static MachineInfo Read(string tools) => new(
        Environment.ProcessorCount,
        Math.Round(MemoryKiB() / 1024.0 / 1024.0, 1),
        OsName(),
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        tools);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores, {MemoryGiB:F1} GiB, {OperatingSystem}, {DotNet}, {Date}; {Tools}");

    private static long MemoryKiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static string OsName()
    {
        const string release = "/etc/os-release";
        var pretty = File.Exists(release)
            ? File.ReadLines(release).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
            : null;
        return $"{pretty ?? RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}, kernel {Environment.OSVersion.Version})";
    }
}
