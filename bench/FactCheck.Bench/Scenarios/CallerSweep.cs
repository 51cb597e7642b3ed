using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// One write method at 1, 16 and 64 concurrent callers (.NET client, one channel), each step
/// bounded by the run's call count and duration: calls per second, p99 and server CPU per call
/// (on PostgreSQL also the database server's).
/// The steps start once the service is warm (<see cref="WarmUp"/>): measured cold, the first step
/// (one caller) paid for the JIT, at several times the CPU per call of the later steps.
/// </summary>
public static class CallerSweep
{
    public static readonly int[] Callers = [1, 16, 64];

    private const int WarmUpCallers = 16;

    /// <param name="call">One call; its arguments are the step (0, 1, 2; -1 while warming up) and the call's number within the step.</param>
    /// <returns>Calls per second at each entry of <see cref="Callers"/>.</returns>
    public static async Task<double[]> RunAsync(BenchRun run, string scenario, Func<int, int, Task> call)
    {
        var warmUp = await WarmUp.UntilSteadyAsync(async () =>
        {
            var round = await ClosedLoop.RunAsync(WarmUpCallers, run.Options.StepCalls / 10, run.Options.StepDuration / 4, n => call(-1, n));
            return (round.Calls, round.CallsPerSecond);
        }, run.Options.Quick, run.Claims);
        var rates = new double[Callers.Length];
        for (var step = 0; step < Callers.Length; step++)
        {
            var callers = Callers[step];
            var cpu = new CpuPerCall(run.Claims);
            var database = run.DatabaseCpu();
            var thisStep = step;
            var loop = await ClosedLoop.RunAsync(callers, run.Options.StepCalls, run.Options.StepDuration, n => call(thisStep, n));
            var how = $".NET client, {callers} callers, {loop.Calls} calls, {warmUp.Describe("calls")}";
            run.Report.Add(scenario, $"{callers} callers", loop.CallsPerSecond, "calls/s", how);
            run.Report.Add(scenario, $"{callers} callers p99", loop.Latencies.P99, "ms", how);
            run.Report.Add(scenario, $"{callers} callers server CPU per call", cpu.MicrosecondsPer(loop.Calls), "µs", "/proc utime+stime / calls");
            if (database is not null)
            {
                run.Report.Add(scenario, $"{callers} callers PostgreSQL CPU per call", database.MicrosecondsPer(loop.Calls), "µs", PostgresServer.CpuHow);
            }

            rates[step] = loop.CallsPerSecond;
        }

        return rates;
    }
}
