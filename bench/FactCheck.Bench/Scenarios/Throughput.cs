using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;
using Google.Protobuf;

namespace FactCheck.Bench.Scenarios;

/// <summary>Calls per second of one unary method with its server CPU per call, and which tool measured it.</summary>
public sealed record ThroughputResult(double CallsPerSecond, double CpuMicrosecondsPerCall, string Tool);

/// <summary>
/// Throughput of one unary method: h2load with 64 streams on one connection when it is
/// installed, otherwise the .NET client with 64 callers on one channel (labelled).
/// h2load measures only once the service is warm: the runtime keeps recompiling hot methods
/// (tier 0, then instrumented, then optimised with the profile) for well over 10,000 calls, and a
/// profile of GetClaim after 20,000 warm-up calls spent about 11 % of the service's CPU in the
/// JIT, at twice the CPU per call seen after 150,000. So warm-up rounds repeat until two in a row
/// agree within 5 % (at most <see cref="MaxWarmUpRounds"/>), the same rule for every service.
/// </summary>
public static class Throughput
{
    private const int MaxWarmUpRounds = 12;

    public static async Task<ThroughputResult> MeasureAsync(BenchRun run, ServiceUnderTest service, string method, IMessage request, Func<Task> dotnetCall)
    {
        var requests = run.Options.H2LoadRequests;
        if (run.H2Load is { } h2load)
        {
            var warmUp = await WarmUpAsync(() => H2Load.RunAsync(h2load, service.Address, method, request, Math.Max(1_000, requests / 5), run.WorkDirectory), run.Options.Quick);
            var cpu = new CpuPerCall(service);
            var result = await H2Load.RunAsync(h2load, service.Address, method, request, requests, run.WorkDirectory);
            return new ThroughputResult(result.RequestsPerSecond, cpu.MicrosecondsPer(result.Requests), $"h2load, 1 connection, {H2Load.Streams} streams, after {warmUp:N0} warm-up calls");
        }

        await ClosedLoop.RunAsync(H2Load.Streams, Math.Max(1_000, requests / 10), run.Options.StepDuration, _ => dotnetCall());
        var cpuFallback = new CpuPerCall(service);
        var loop = await ClosedLoop.RunAsync(H2Load.Streams, requests, run.Options.StepDuration * 2, _ => dotnetCall());
        return new ThroughputResult(loop.CallsPerSecond, cpuFallback.MicrosecondsPer(loop.Calls), $".NET client, {H2Load.Streams} callers (h2load not installed)");
    }

    /// <summary>Runs warm-up rounds until two in a row agree within 5 % (one round in a quick run); returns the calls made.</summary>
    private static async Task<int> WarmUpAsync(Func<Task<H2LoadResult>> round, bool quick)
    {
        var calls = 0;
        double? previous = null;
        for (var i = 0; i < (quick ? 1 : MaxWarmUpRounds); i++)
        {
            var result = await round();
            calls += result.Requests;
            if (previous is { } p && Math.Abs(result.RequestsPerSecond - p) <= 0.05 * p)
            {
                break;
            }

            previous = result.RequestsPerSecond;
        }

        return calls;
    }
}
