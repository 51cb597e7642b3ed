using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;
using Google.Protobuf;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Calls per second of one unary method with its server CPU per call, and which tool measured it;
/// for the claims service on PostgreSQL also the database server's CPU per call.
/// </summary>
public sealed record ThroughputResult(double CallsPerSecond, double CpuMicrosecondsPerCall, string Tool, double? DatabaseCpuMicrosecondsPerCall = null);

/// <summary>
/// Throughput of one unary method: h2load with 64 streams on one connection when it is
/// installed, otherwise the .NET client with 64 callers on one channel (labelled).
/// h2load measures only once the service is warm (<see cref="WarmUp"/>).
/// </summary>
public static class Throughput
{
    public static async Task<ThroughputResult> MeasureAsync(BenchRun run, ServiceUnderTest service, string method, IMessage request, Func<Task> dotnetCall)
    {
        var requests = run.Options.H2LoadRequests;
        CpuPerCall? Database() => service == run.Claims ? run.DatabaseCpu() : null;
        if (run.H2Load is { } h2load)
        {
            var warmUp = await WarmUp.UntilSteadyAsync(async () =>
            {
                var round = await H2Load.RunAsync(h2load, service.Address, method, request, Math.Max(1_000, requests / 5), run.WorkDirectory);
                return (round.Requests, round.RequestsPerSecond);
            }, run.Options.Quick, service);
            var cpu = new CpuPerCall(service);
            var database = Database();
            var result = await H2Load.RunAsync(h2load, service.Address, method, request, requests, run.WorkDirectory);
            return new ThroughputResult(result.RequestsPerSecond, cpu.MicrosecondsPer(result.Requests), $"h2load, 1 connection, {H2Load.Streams} streams, {warmUp.Describe("calls")}",
                database?.MicrosecondsPer(result.Requests));
        }

        await ClosedLoop.RunAsync(H2Load.Streams, Math.Max(1_000, requests / 10), run.Options.StepDuration, _ => dotnetCall());
        var cpuFallback = new CpuPerCall(service);
        var databaseFallback = Database();
        var loop = await ClosedLoop.RunAsync(H2Load.Streams, requests, run.Options.StepDuration * 2, _ => dotnetCall());
        return new ThroughputResult(loop.CallsPerSecond, cpuFallback.MicrosecondsPer(loop.Calls), $".NET client, {H2Load.Streams} callers (h2load not installed)",
            databaseFallback?.MicrosecondsPer(loop.Calls));
    }
}
