using System.Globalization;
using FactCheck.Testing;
using Npgsql;

namespace FactCheck.Bench.Hosts;

/// <summary>
/// The PostgreSQL server of a run's postgres pass: a cluster of the machine's own binaries
/// (<see cref="PostgresCluster"/>) with fsync on, as a production server runs, so that commits
/// cost what they cost there; the other settings are the server's defaults. It holds the
/// services' databases and the raw-insert baseline's, and its CPU time is read from /proc over
/// the postmaster and the processes it forks (one per connection), since on PostgreSQL part of
/// a call's work is done there rather than in the service.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgresCluster _cluster;
    private readonly int _postmaster;

    private PostgresServer(PostgresCluster cluster)
    {
        _cluster = cluster;
        // The first line of postmaster.pid is the server's process id.
        _postmaster = int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
    }

    public static async Task<PostgresServer> StartAsync() => new(await PostgresCluster.StartAsync(durable: true));

    /// <summary>
    /// Creates an empty database and returns a connection string for it as a deployment would
    /// give a service: the driver's own pool size (100), not the test clusters' smaller one.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var builder = new NpgsqlConnectionStringBuilder(await _cluster.CreateDatabaseAsync(prefix));
        builder.Remove("Maximum Pool Size");
        return builder.ConnectionString;
    }

    /// <summary>How <see cref="CpuSeconds"/> counts, for the figures that report it.</summary>
    public const string CpuHow = "/proc utime+stime of the postmaster and its children (reaped ones too) / calls";

    /// <summary>CPU seconds the server has used so far: the postmaster and every process it forked, reaped or alive.</summary>
    public double CpuSeconds() => ProcStats.ProcessTreeCpuSeconds(_postmaster);

    /// <summary>A setting as a fresh connection with <paramref name="connectionString"/> sees it (SHOW).</summary>
    public static async Task<string> SettingAsync(string connectionString, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand($"SHOW {name}", connection);
        return (string)(await show.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
