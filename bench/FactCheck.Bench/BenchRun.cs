using FactCheck.Bench.Echo;
using FactCheck.Bench.Hosts;
using FactCheck.Bench.Report;
using FactCheck.Bench.Seeding;
using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Storage;
using FactCheck.Verification.Grpc;
using Grpc.Net.Client;
using Npgsql;

namespace FactCheck.Bench;

/// <summary>
/// What every scenario of one pass shares: the options, the report, a work folder on disk, the
/// claims service running as a process on a seeded database, and the echo baseline running
/// beside it. A run makes one pass on SQLite (<see cref="BenchOptions.Claims"/> claims) and, with
/// PostgreSQL among its backends, one on a PostgreSQL server (<see cref="BenchOptions.PostgresClaims"/>
/// claims) whose scenarios carry the backend in their names.
/// </summary>
public sealed class BenchRun : IAsyncDisposable
{
    private readonly GrpcChannel _claimsChannel;
    private int _lastClaimNumber;

    private BenchRun(BenchOptions options, BenchReport report, string? h2load, PublishedServices services, string workDirectory, int seededClaims, PostgresServer? postgres,
        string? claimsConnectionString, Dictionary<string, string> claimsEnvironment, ServiceUnderTest claims, ServiceUnderTest echo, double restingRssMb)
    {
        Options = options;
        Services = services;
        Report = report;
        H2Load = h2load;
        WorkDirectory = workDirectory;
        SeededClaims = seededClaims;
        Postgres = postgres;
        ClaimsConnectionString = claimsConnectionString;
        ClaimsSettings = claimsEnvironment;
        Claims = claims;
        Echo = echo;
        RestingRssMb = restingRssMb;
        _lastClaimNumber = seededClaims - 1;
        _claimsChannel = claims.Channel();
        ClaimsClient = new ClaimsService.ClaimsServiceClient(_claimsChannel);
    }

    public BenchOptions Options { get; }

    /// <summary>The services this run starts, as their Dockerfiles publish them.</summary>
    public PublishedServices Services { get; }

    /// <summary>Claims seeded into this pass's database: <see cref="BenchOptions.Claims"/> on SQLite, <see cref="BenchOptions.PostgresClaims"/> on PostgreSQL.</summary>
    public int SeededClaims { get; }

    /// <summary>The PostgreSQL server the claims service runs on in the postgres pass; null on SQLite (the database is in the service's process).</summary>
    public PostgresServer? Postgres { get; }

    /// <summary>The claims service's PostgreSQL connection string in the postgres pass; null on SQLite.</summary>
    public string? ClaimsConnectionString { get; }

    /// <summary>The settings the claims service of this pass was started with (its database among them), for a scenario that starts another on the same data.</summary>
    public IReadOnlyDictionary<string, string> ClaimsSettings { get; }

    /// <summary>
    /// The name a scenario's figures go under in this pass: as named on SQLite (so saved results
    /// and targets still read), with the backend after it on PostgreSQL ("getclaim postgres").
    /// </summary>
    public string Scenario(string name) => Postgres is null ? name : $"{name} postgres";

    /// <summary>On PostgreSQL, the database server's CPU per call from now on (the postmaster and its children); null on SQLite.</summary>
    public CpuPerCall? DatabaseCpu() => Postgres is { } server ? new CpuPerCall(server.CpuSeconds) : null;

    public BenchReport Report { get; }

    /// <summary>The h2load executable, or null when it is not installed (throughput then comes from the .NET client).</summary>
    public string? H2Load { get; }

    /// <summary>A folder on the same disk as the service's database, for baselines that write files.</summary>
    public string WorkDirectory { get; }

    public ServiceUnderTest Claims { get; }

    public ServiceUnderTest Echo { get; }

    public ClaimsService.ClaimsServiceClient ClaimsClient { get; }

    /// <summary>The claims service's VmRSS right after it answered SERVING and settled for a second, before any load.</summary>
    public double RestingRssMb { get; }

    /// <summary>
    /// With <c>--trace DIR</c>, a CPU-sampling trace of <paramref name="service"/> into
    /// DIR/<paramref name="scenario"/>-<c>name</c>.nettrace until disposed; otherwise null.
    /// </summary>
    public async Task<CpuTrace?> TraceAsync(ServiceUnderTest service, string scenario)
    {
        if (Options.TraceDirectory is not { } directory)
        {
            return null;
        }

        var tool = CpuTrace.FindTool() ?? throw new InvalidOperationException("--trace needs dotnet-trace: dotnet tool install -g dotnet-trace");
        Directory.CreateDirectory(directory);
        return await CpuTrace.StartAsync(tool, service.Pid, Path.Combine(directory, $"{scenario.Replace(' ', '-')}-{service.Name}.nettrace"));
    }

    /// <summary>Every call the harness makes gets a deadline, so a stuck service fails the run instead of hanging it.</summary>
    public static DateTime Deadline => DateTime.UtcNow.AddSeconds(30);

    /// <summary>A claim for CreateClaim: the seed generator's next claim after every one seeded or created so far in this run.</summary>
    public Claim NewClaim() => SeedClaims.Claim(Interlocked.Increment(ref _lastClaimNumber));

    /// <summary>How the harness configures every claims service it starts, on the SQLite file <paramref name="database"/>.</summary>
    public static Dictionary<string, string> ClaimsEnvironment(string database) => ClaimsEnvironment(StorageSettings.Sqlite, $"Data Source={database}");

    /// <summary>How the harness configures every claims service it starts, on <paramref name="provider"/> at <paramref name="connectionString"/>.</summary>
    private static Dictionary<string, string> ClaimsEnvironment(string provider, string connectionString) => new()
    {
        ["Storage__Provider"] = provider,
        ["ConnectionStrings__Claims"] = connectionString,
        // Per-request logs would measure the console, not the service.
        ["Logging__LogLevel__Default"] = "Warning",
        // Every load this harness makes comes from one address, the one caller of an open
        // service: its 100 watchers and 64 callers must fit the per-caller limits.
        ["Limits__MaxConcurrentCallsPerCaller"] = "1000",
        ["Limits__MaxWatchersPerCaller"] = "500",
        // The scenarios on the shared service measure other paths: embedding every seeded claim in
        // the background would load the model and take a core from them. The matching scenario
        // starts services of its own with matching on meaning.
        ["Matching__Semantic"] = "false",
    };

    /// <summary>How the harness configures every verification service it starts, on the SQLite file <paramref name="database"/>, delivering to <paramref name="claims"/>.</summary>
    public static Dictionary<string, string> VerificationEnvironment(string database, Uri claims) =>
        VerificationEnvironment(StorageSettings.Sqlite, $"Data Source={database}", claims);

    private static Dictionary<string, string> VerificationEnvironment(string provider, string connectionString, Uri claims) => new()
    {
        ["Storage__Provider"] = provider,
        ["ConnectionStrings__Verification"] = connectionString,
        ["ClaimsService__Url"] = claims.ToString(),
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>
    /// A verification service for this pass, delivering to its claims service: on a SQLite file
    /// in the work folder, or in the postgres pass on a database of its own on the same server,
    /// as a deployment on PostgreSQL runs both services. Each <paramref name="database"/> name is a new database.
    /// </summary>
    public async Task<Dictionary<string, string>> VerificationEnvironmentAsync(string database = "verification") => Postgres is { } server
        ? VerificationEnvironment(StorageSettings.Postgres, await server.CreateDatabaseAsync(database), Claims.Address)
        : VerificationEnvironment(Path.Combine(WorkDirectory, $"{database}.db"), Claims.Address);

    /// <summary>The SQLite pass: <see cref="BenchOptions.Claims"/> claims seeded into a file, the claims service started on it.</summary>
    public static async Task<BenchRun> StartAsync(BenchOptions options, BenchReport report, string? h2load, PublishedServices services)
    {
        // Under the system's temporary folder, which is on the disk (not tmpfs) on the machines this runs on.
        var work = Directory.CreateTempSubdirectory("factcheck-bench-").FullName;
        var database = Path.Combine(work, "claims.db");
        var seeding = await ClaimsDatabaseSeeder.SeedAsync(database, options.Claims);
        if (options.Claims > 0)
        {
            report.Add("seed", "claims seeded through ClaimStore", options.Claims, "claims", "direct inserts on tmpfs, file copied to disk before start");
            report.Add("seed", "seeding time", seeding.TotalSeconds, "s");
            report.Add("seed", "database file size", new FileInfo(database).Length / 1024.0 / 1024.0, "MB");
        }

        return await StartServicesAsync(options, report, h2load, services, work, options.Claims, null, null, ClaimsEnvironment(database));
    }

    /// <summary>
    /// The PostgreSQL pass: a durable PostgreSQL server started from the machine's binaries,
    /// <see cref="BenchOptions.PostgresClaims"/> claims seeded into its claims database through
    /// the store, the claims service started on it with <c>Storage__Provider=postgres</c>.
    /// </summary>
    public static async Task<BenchRun> StartPostgresAsync(BenchOptions options, BenchReport report, string? h2load, PublishedServices services)
    {
        var work = Directory.CreateTempSubdirectory("factcheck-bench-").FullName;
        var server = await PostgresServer.StartAsync();
        try
        {
            var database = await server.CreateDatabaseAsync("claims");
            var seeding = await ClaimsDatabaseSeeder.SeedPostgresAsync(database, options.PostgresClaims);
            var how = $"--postgres-claims {options.PostgresClaims}; through ClaimStore over Npgsql, fsync on, then VACUUM ANALYZE and CHECKPOINT";
            report.Add("seed postgres", "claims seeded through ClaimStore", options.PostgresClaims, "claims", how);
            report.Add("seed postgres", "seeding time", seeding.TotalSeconds, "s", how);
            report.Add("seed postgres", "database size", await DatabaseMegabytesAsync(database), "MB", "pg_database_size");
            return await StartServicesAsync(options, report, h2load, services, work, options.PostgresClaims, server, database, ClaimsEnvironment(StorageSettings.Postgres, database));
        }
        catch (Exception)
        {
            // The run fails either way; the server must not outlive it.
            await server.DisposeAsync();
            Directory.Delete(work, recursive: true);
            throw;
        }
    }

    private static async Task<double> DatabaseMegabytesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await size.ExecuteScalarAsync())! / 1024.0 / 1024.0;
    }

    private static async Task<BenchRun> StartServicesAsync(BenchOptions options, BenchReport report, string? h2load, PublishedServices services, string work, int seededClaims,
        PostgresServer? postgres, string? claimsConnectionString, Dictionary<string, string> claimsEnvironment)
    {
        // The echo first: waiting for it to answer SERVING compiles the harness's own health-check
        // client, which would otherwise be timed as part of the claims service's start-up.
        var echo = await ServiceUnderTest.StartAsync("echo", typeof(EchoGrpcService).Assembly.Location, new Dictionary<string, string>());
        try
        {
            var claims = await ServiceUnderTest.StartAsync("claims", services.ClaimsAssembly, claimsEnvironment);
            try
            {
                // "At rest" is a measurement convention, not a wait for a condition: RSS is sampled one
                // second after SERVING, once start-up's transient allocations have settled, the same in every run.
                await Task.Delay(TimeSpan.FromSeconds(1));
                var resting = claims.Sample().RssMb;
                return new BenchRun(options, report, h2load, services, work, seededClaims, postgres, claimsConnectionString, claimsEnvironment, claims, echo, resting);
            }
            catch (Exception)
            {
                // The run fails either way; the claims process must not outlive it.
                await claims.DisposeAsync();
                throw;
            }
        }
        catch (Exception)
        {
            await echo.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _claimsChannel.Dispose();
        await Echo.DisposeAsync();
        await Claims.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }
}
