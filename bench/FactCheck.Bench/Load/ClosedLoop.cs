using System.Diagnostics;

namespace FactCheck.Bench.Load;

/// <summary>What a closed-loop run did: calls completed, how long it took, their latencies.</summary>
public sealed record LoopResult(int Calls, TimeSpan Elapsed, Latencies Latencies)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;
}

/// <summary>
/// The .NET load client: <c>callers</c> concurrent loops, each starting its next call when the
/// last one returns, until <c>maxCalls</c> calls were started or <c>maxDuration</c> passed,
/// whichever comes first. A failing call fails the run.
/// </summary>
public static class ClosedLoop
{
    /// <param name="call">One call; its argument numbers the call (0, 1, 2, … across all callers).</param>
    public static async Task<LoopResult> RunAsync(int callers, int maxCalls, TimeSpan maxDuration, Func<int, Task> call)
    {
        var started = -1;
        var watch = Stopwatch.StartNew();
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            int number;
            while (watch.Elapsed < maxDuration && (number = Interlocked.Increment(ref started)) < maxCalls)
            {
                var begin = Stopwatch.GetTimestamp();
                await call(number);
                latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            }

            return latencies;
        })));
        var elapsed = watch.Elapsed;
        var all = perCaller.SelectMany(l => l).ToList();
        return new LoopResult(all.Count, elapsed, Latencies.Of(all));
    }

    /// <summary>One caller, <paramref name="repetitions"/> calls after a warm-up of 10: latencies of a single request in isolation.</summary>
    public static async Task<Latencies> SequentialAsync(int repetitions, Func<Task> call)
    {
        for (var i = 0; i < 10; i++)
        {
            await call();
        }

        return (await RunAsync(1, repetitions, TimeSpan.FromMinutes(5), _ => call())).Latencies;
    }
}
