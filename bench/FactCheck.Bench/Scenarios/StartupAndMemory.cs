using FactCheck.Bench.Hosts;
using FactCheck.Testing;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 4: how long the claims service, as its Dockerfile publishes it (<see cref="PublishedServices"/>),
/// takes from launch to its first SERVING health answer on the seeded database (to the resolution
/// of <see cref="ServiceProcess.PollInterval"/>), its resident memory at rest, and the highest
/// sampled while the scenarios before this one loaded it.
/// <para>
/// The first start follows the seed's multi-gigabyte copy to disk at once, and one sample of it
/// varied from 1.3 to 2.9 s between runs of the same code. So the figure the target reads is the
/// median of <see cref="Restarts"/> more starts of a second process on the same database (what
/// a restart or a new replica costs), with the slowest and the first start beside it.
/// </para>
/// </summary>
public static class StartupAndMemory
{
    private const int Restarts = 5;

    public static async Task RunAsync(BenchRun run)
    {
        var scenario = run.Scenario("startup");
        var claims = $"{run.SeededClaims:N0} claims";
        var how = $"published ReadyToRun; grpc.health.v1 polled every {ServiceProcess.PollInterval.TotalMilliseconds:F0} ms";
        var starts = new List<double>();
        for (var i = 0; i < Restarts; i++)
        {
            // A second process on the same data while the first one idles; stopped before the next.
            await using var again = await ServiceUnderTest.StartAsync("claims-restart", run.Services.ClaimsAssembly, new Dictionary<string, string>(run.ClaimsSettings));
            starts.Add(again.StartTime.TotalSeconds);
        }

        starts.Sort();
        run.Report.Add(scenario, "start to SERVING", starts[Restarts / 2], "s", $"{claims}; median of {Restarts} starts on the seeded data; {how}");
        run.Report.Add(scenario, "start to SERVING, slowest", starts[^1], "s", $"{claims}; slowest of the {Restarts}");
        run.Report.Add(scenario, "first start to SERVING", run.Claims.StartTime.TotalSeconds, "s", $"{claims}; the run's first, right after seeding");
        run.Report.Add(scenario, "claims RSS at rest", run.RestingRssMb, "MB", "VmRSS 1 s after SERVING, before any load");
        run.Report.Add(scenario, "claims peak RSS under load", run.Claims.PeakRssMb, "MB", "highest VmRSS sampled every 100 ms during the scenarios run so far");
    }
}
