using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace FactCheck.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster made from the machine's own binaries (initdb, pg_ctl) in a
/// temporary folder, listening on a free loopback port, removed on dispose. As root it runs
/// as the `postgres` user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian: `apt-get install -y postgresql`) to run the PostgreSQL tests; CI's .ci/run does.";

    private readonly string _binaries;
    private readonly string _directory;
    private readonly bool _durable;

    private PostgresCluster(string binaries, string directory, int port, bool durable = false)
    {
        _binaries = binaries;
        _directory = directory;
        Port = port;
        _durable = durable;
    }

    public int Port { get; }

    /// <summary>The cluster's data folder (its postmaster.pid names the server process).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// <param name="durable">
    /// fsync on, as a production server runs (the benchmark measures commits with it); tests leave
    /// it off for speed.
    /// </param>
    public static async Task<PostgresCluster> StartAsync(bool durable = false)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
        var directory = Path.Combine(Path.GetTempPath(), $"factcheck-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await Programs.RunAsync("chown", ["postgres:postgres", directory]);
        }

        var data = Path.Combine(directory, "data");
        await new PostgresCluster(binaries, directory, 0).RunPostgresToolAsync("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);

        // A free port can be taken by another test process between choosing it and binding it
        // (test assemblies run in parallel), so a failed start tries again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var cluster = new PostgresCluster(binaries, directory, ServiceProcess.FreePort(), durable);
            try
            {
                await cluster.StartServerAsync();
                return cluster;
            }
            catch (InvalidOperationException e) when (attempt < 3)
            {
                Console.Error.WriteLine($"PostgreSQL test cluster did not start on port {cluster.Port} (attempt {attempt}), trying another: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Stops the server at once, as a crash or a pulled cable would (<c>pg_ctl stop -m immediate</c>):
    /// every connection drops mid-call; what committed stays.
    /// </summary>
    public Task StopAbruptlyAsync() => RunPostgresToolAsync("pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts the server again after <see cref="StopAbruptlyAsync"/>, on the same port.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    private Task StartServerAsync() =>
        // fsync off unless durable: a test cluster trades durability on power loss for speed.
        RunPostgresToolAsync("pg_ctl",
        [
            "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory} -c listen_addresses=127.0.0.1{(_durable ? "" : " -c fsync=off")} -c max_connections=200",
            "start",
        ]);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        // PostgreSQL names are at most 63 bytes; a GUID keeps databases of parallel tests apart.
        var name = $"{prefix[..Math.Min(prefix.Length, 20)]}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Maximum Pool Size=20";

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        Directory.Delete(_directory, recursive: true);
    }

    private Task RunPostgresToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_binaries, tool);
        return Environment.UserName == "root"
            ? Programs.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : Programs.RunAsync(path, arguments);
    }

}

/// <summary>
/// One cluster for a whole test run (a collection fixture): started when PostgreSQL is
/// installed, otherwise <see cref="SkipReason"/> says how to install it. With
/// FACTCHECK_REQUIRE_ALL_TESTS=1 (as CI sets) a missing PostgreSQL fails instead of skipping.
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lazy<Task<PostgresCluster?>> _cluster = new(async () =>
        PostgresCluster.FindBinaries() is not null ? await PostgresCluster.StartAsync()
        : Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") == "1" ? throw new InvalidOperationException(PostgresCluster.InstallHint)
        : null);

    public static string SkipReason => PostgresCluster.InstallHint;

    /// <summary>The running cluster, or null when PostgreSQL is not installed.</summary>
    public Task<PostgresCluster?> ClusterAsync() => _cluster.Value;

    // xunit 2 disposes collection fixtures through IDisposable only.
    public void Dispose()
    {
        if (_cluster.IsValueCreated && _cluster.Value.GetAwaiter().GetResult() is { } cluster)
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
