namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 4: how long the claims service took from launch to its first SERVING health answer on
/// the seeded database (ServiceProcess polls every 200 ms, so that is the resolution), its
/// resident memory at rest, and the highest sampled while the scenarios before this one loaded it.
/// </summary>
public static class StartupAndMemory
{
    public static Task RunAsync(BenchRun run)
    {
        var scenario = run.Scenario("startup");
        var claims = $"{run.SeededClaims:N0} claims";
        run.Report.Add(scenario, "start to SERVING", run.Claims.StartTime.TotalSeconds, "s", $"{claims}; grpc.health.v1 polled every 200 ms");
        run.Report.Add(scenario, "claims RSS at rest", run.RestingRssMb, "MB", "VmRSS 1 s after SERVING, before any load");
        run.Report.Add(scenario, "claims peak RSS under load", run.Claims.PeakRssMb, "MB", "highest VmRSS sampled every 100 ms during the scenarios run so far");
        return Task.CompletedTask;
    }
}
