using FactCheck.Bench.Echo;
using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;
using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;
using Google.Protobuf;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 1: GetClaim by name against the bare echo service, throughput with the ratio, server
/// CPU per call, and single-caller latency. Every GetClaim asks for the same seeded claim, so this
/// measures the service's per-call cost on a hot row, not the disk. On PostgreSQL the read is done
/// partly by the database server, whose CPU per call is reported beside the service's.
/// </summary>
public static class GetClaimVersusEcho
{
    /// <summary>About the size of a GetClaim request and smaller than its ~1 KB answer, as the issue asks (~300 bytes).</summary>
    private const int EchoPayloadBytes = 300;
    public static async Task RunAsync(BenchRun run)
    {
        var getClaim = new GetClaimRequest { Name = SeedClaims.Name(0) };
        var echoMessage = new EchoMessage { Payload = ByteString.CopyFrom(new byte[EchoPayloadBytes]) };
        using var echoChannel = run.Echo.Channel();
        var echo = new EchoService.EchoServiceClient(echoChannel);
        // h2load sees only HTTP statuses: prove once that both requests succeed as gRPC.
        var claim = await run.ClaimsClient.GetClaimAsync(getClaim, deadline: BenchRun.Deadline);
        await echo.EchoAsync(echoMessage, deadline: BenchRun.Deadline);

        var echoResult = await Throughput.MeasureAsync(run, run.Echo, "/factcheck.bench.v1.EchoService/Echo", echoMessage,
            () => echo.EchoAsync(echoMessage, deadline: BenchRun.Deadline).ResponseAsync);
        var claimResult = await Throughput.MeasureAsync(run, run.Claims, "/factcheck.v1.ClaimsService/GetClaim", getClaim,
            () => run.ClaimsClient.GetClaimAsync(getClaim, deadline: BenchRun.Deadline).ResponseAsync);
        var report = run.Report;
        var scenario = run.Scenario("getclaim");
        report.Add(scenario, "echo throughput", echoResult.CallsPerSecond, "calls/s", $"{echoResult.Tool}, {EchoPayloadBytes}-byte payload");
        report.Add(scenario, "GetClaim throughput", claimResult.CallsPerSecond, "calls/s", $"{claimResult.Tool}, {claim.CalculateSize()}-byte claim");
        report.Add(scenario, "ratio to echo", claimResult.CallsPerSecond / echoResult.CallsPerSecond, "×", "GetClaim / echo, same run");
        report.Add(scenario, "echo server CPU per call", echoResult.CpuMicrosecondsPerCall, "µs", "/proc utime+stime / calls");
        report.Add(scenario, "GetClaim server CPU per call", claimResult.CpuMicrosecondsPerCall, "µs", "/proc utime+stime / calls");
        if (claimResult.DatabaseCpuMicrosecondsPerCall is { } database)
        {
            report.Add(scenario, "PostgreSQL server CPU per call", database, "µs", PostgresServer.CpuHow);
            report.Add(scenario, "GetClaim + PostgreSQL CPU per call", claimResult.CpuMicrosecondsPerCall + database, "µs", "the service's and the database server's, per call");
        }


        var echoLatency = await ClosedLoop.SequentialAsync(run.Options.Repetitions, () => echo.EchoAsync(echoMessage, deadline: BenchRun.Deadline).ResponseAsync);
        var claimLatency = await ClosedLoop.SequentialAsync(run.Options.Repetitions, () => run.ClaimsClient.GetClaimAsync(getClaim, deadline: BenchRun.Deadline).ResponseAsync);
        report.Add(scenario, "echo p50", echoLatency.P50, "ms", $".NET client, 1 caller, {echoLatency.Count} calls");
        report.Add(scenario, "echo p99", echoLatency.P99, "ms", $".NET client, 1 caller, {echoLatency.Count} calls");
        report.Add(scenario, "GetClaim p50", claimLatency.P50, "ms", $".NET client, 1 caller, {claimLatency.Count} calls");
        report.Add(scenario, "GetClaim p99", claimLatency.P99, "ms", $".NET client, 1 caller, {claimLatency.Count} calls");
    }
}
