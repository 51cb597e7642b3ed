using System.Diagnostics;
using System.Globalization;

namespace FactCheck.Bench.Hosts;

/// <summary>A process's CPU time so far and its resident memory, read from /proc.</summary>
public readonly record struct ProcSample(double CpuSeconds, double RssMb);

/// <summary>What a long run watches for leaks: resident memory, threads and open file descriptors (files, sockets, pipes), read from /proc.</summary>
public readonly record struct ProcGauges(double CpuSeconds, double RssMb, int Threads, int OpenFiles);

/// <summary>Reads <see cref="ProcSample"/>s: utime + stime from /proc/&lt;pid&gt;/stat, VmRSS from /proc/&lt;pid&gt;/status.</summary>
public static class ProcStats
{
    private static readonly Lazy<double> TicksPerSecond = new(ReadTicksPerSecond);

    /// <summary>The granularity of the CPU times /proc reports: one clock tick (10 ms on Linux x64).</summary>
    public static double TickSeconds => 1 / TicksPerSecond.Value;

    public static ProcSample Read(int pid)
    {
        var ticks = CpuTicks(StatFields($"/proc/{pid}/stat"));
        var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var rssKb = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcSample(ticks / TicksPerSecond.Value, rssKb / 1024.0);
    }

    /// <summary>
    /// <see cref="Read"/> plus the thread count (Threads: in /proc/&lt;pid&gt;/status) and the open
    /// descriptors (the entries of /proc/&lt;pid&gt;/fd, readable for a process of the same user).
    /// </summary>
    public static ProcGauges ReadGauges(int pid)
    {
        var sample = Read(pid);
        var threads = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal));
        return new ProcGauges(
            sample.CpuSeconds,
            sample.RssMb,
            int.Parse(threads.Split('\t', ' ').Last(p => p.Length > 0), CultureInfo.InvariantCulture),
            Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count());
    }

    /// <summary>
    /// CPU seconds so far of a server that forks a process per connection (PostgreSQL's postmaster,
    /// <paramref name="rootPid"/>): utime + stime of it and of each child alive now, plus their
    /// cutime + cstime, the CPU of children they have already reaped. A child that exits between
    /// two readings moves from the live sum into its parent's cutime, so no work is lost or
    /// counted twice.
    /// </summary>
    public static double ProcessTreeCpuSeconds(int rootPid)
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string[] fields;
            try
            {
                fields = StatFields($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                continue; // The process ended while we looked; its time is in its parent's cutime now.
            }

            // Field 4 of proc(5), the parent, then utime, stime, cutime and cstime (14 to 17).
            if (pid == rootPid || fields[1] == rootPid.ToString(CultureInfo.InvariantCulture))
            {
                ticks += fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            }
        }

        return ticks / TicksPerSecond.Value;
    }

    /// <summary>
    /// CPU seconds so far of the runtime's tiered-compilation worker in process <paramref name="pid"/>:
    /// the thread that recompiles hot methods, optimised and then with their profile, in the
    /// background (named ".NET Tiered Compilation Worker", which /proc shows cut to its first 15 characters). While
    /// it is busy the process is still warming up. 0 when the runtime has no such thread (tiered
    /// compilation off, or no method promoted yet).
    /// </summary>
    public static double TieringCpuSeconds(int pid)
    {
        long ticks = 0;
        foreach (var thread in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                // comm holds the first 15 characters of the name: ".NET Tiered Com".
                var name = File.ReadAllText(Path.Combine(thread, "comm")).TrimEnd('\n');
                if (name.Length >= 15 && TieringWorker.StartsWith(name, StringComparison.Ordinal))
                {
                    ticks += CpuTicks(StatFields(Path.Combine(thread, "stat")));
                }
            }
            catch (IOException)
            {
                // The thread ended while we looked (the runtime retires an idle worker); its time is in the process's total.
            }
        }

        return ticks / TicksPerSecond.Value;
    }

    private const string TieringWorker = ".NET Tiered Compilation Worker";

    /// <summary>Fields 14 and 15 of proc(5), utime and stime, in clock ticks (counted in <paramref name="fields"/> from field 3).</summary>
    private static long CpuTicks(string[] fields) =>
        long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);

    /// <summary>The fields of a process's or thread's stat file (/proc/&lt;pid&gt;/stat, /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat) from the third (the state) on.</summary>
    private static string[] StatFields(string path)
    {
        // The command name in field 2 may hold spaces and parentheses; the fields after its closing one do not.
        var stat = File.ReadAllText(path);
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>Finds the process whose command line contains <paramref name="needle"/> (a service's unique --urls address).</summary>
    public static int FindByCommandLine(string needle)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                continue; // Not ours to read; not ours to measure either.
            }

            if (commandLine.Contains(needle, StringComparison.Ordinal))
            {
                return pid;
            }
        }

        throw new InvalidOperationException($"no process with '{needle}' on its command line");
    }

    private static double ReadTicksPerSecond()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("could not run getconf CLK_TCK");
        var output = getconf.StandardOutput.ReadToEnd();
        getconf.WaitForExit();
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
