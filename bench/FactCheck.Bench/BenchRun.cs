using FactCheck.Bench.Echo;
using FactCheck.Bench.Hosts;
using FactCheck.Bench.Report;
using FactCheck.Bench.Seeding;
using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Verification.Grpc;
using Grpc.Net.Client;

namespace FactCheck.Bench;

/// <summary>
/// What every scenario of one run shares: the options, the report, a work folder on disk, the
/// claims service running as a process on a database seeded with <see cref="BenchOptions.Claims"/>
/// claims, and the echo baseline running beside it.
/// </summary>
public sealed class BenchRun : IAsyncDisposable
{
    private readonly GrpcChannel _claimsChannel;
    private int _lastClaimNumber;

    private BenchRun(BenchOptions options, BenchReport report, string? h2load, string workDirectory, ServiceUnderTest claims, ServiceUnderTest echo, double restingRssMb)
    {
        Options = options;
        Report = report;
        H2Load = h2load;
        WorkDirectory = workDirectory;
        Claims = claims;
        Echo = echo;
        RestingRssMb = restingRssMb;
        _lastClaimNumber = options.Claims - 1;
        _claimsChannel = claims.Channel();
        ClaimsClient = new ClaimsService.ClaimsServiceClient(_claimsChannel);
    }

    public BenchOptions Options { get; }

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
        return await CpuTrace.StartAsync(tool, service.Pid, Path.Combine(directory, $"{scenario}-{service.Name}.nettrace"));
    }

    /// <summary>Every call the harness makes gets a deadline, so a stuck service fails the run instead of hanging it.</summary>
    public static DateTime Deadline => DateTime.UtcNow.AddSeconds(30);

    public static string ClaimsAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    /// <summary>A claim for CreateClaim: the seed generator's next claim after every one seeded or created so far in this run.</summary>
    public Claim NewClaim() => SeedClaims.Claim(Interlocked.Increment(ref _lastClaimNumber));

    /// <summary>How the harness configures every claims service it starts, on the SQLite file <paramref name="database"/>.</summary>
    public static Dictionary<string, string> ClaimsEnvironment(string database) => new()
    {
        ["Storage__Provider"] = "sqlite",
        ["ConnectionStrings__Claims"] = $"Data Source={database}",
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
    public static Dictionary<string, string> VerificationEnvironment(string database, Uri claims) => new()
    {
        ["Storage__Provider"] = "sqlite",
        ["ConnectionStrings__Verification"] = $"Data Source={database}",
        ["ClaimsService__Url"] = claims.ToString(),
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public static string VerificationAssembly => typeof(VerificationGrpcService).Assembly.Location;

    public static async Task<BenchRun> StartAsync(BenchOptions options, BenchReport report, string? h2load)
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

        var claims = await ServiceUnderTest.StartAsync("claims", ClaimsAssembly, ClaimsEnvironment(database));
        try
        {
            // "At rest" is a measurement convention, not a wait for a condition: RSS is sampled one
            // second after SERVING, once start-up's transient allocations have settled, the same in every run.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var resting = claims.Sample().RssMb;
            var echo = await ServiceUnderTest.StartAsync("echo", typeof(EchoGrpcService).Assembly.Location, new Dictionary<string, string>());
            return new BenchRun(options, report, h2load, work, claims, echo, resting);
        }
        catch (Exception)
        {
            // The run fails either way; the claims process must not outlive it.
            await claims.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _claimsChannel.Dispose();
        await Echo.DisposeAsync();
        await Claims.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
