using System.Diagnostics;
using System.Globalization;
using FactCheck.Bench.Hosts;

namespace FactCheck.Bench.Load;

/// <summary>How a warm-up ended: the calls it made in how many rounds, and whether the JIT of the services under test had gone quiet.</summary>
public readonly record struct WarmUpResult(int Calls, int Rounds, bool JitQuiet)
{
    /// <summary>For a report's note: "after 2,500 warm-up verdicts (25 rounds)", and says so when the JIT was still busy at the last round.</summary>
    public string Describe(string what) =>
        string.Create(CultureInfo.InvariantCulture, $"after {Calls:N0} warm-up {what} ({Rounds} round{(Rounds == 1 ? "" : "s")}") +
        (JitQuiet ? ")" : $"; the JIT still busy after the last, so the figure includes some of it)");
}

/// <summary>
/// Warms services up before they are measured. The runtime keeps recompiling hot methods (tier 0,
/// then instrumented, then optimised with the profile) long after the first calls: a profile of
/// GetClaim after 20,000 warm-up calls spent about 11 % of the service's CPU in the JIT, and a
/// pair of services taking 100 verdicts a second kept their tiered-compilation workers busy for
/// 19 (claims) and 24 (verification) seconds, at 20–80 % of a core, while the CPU per verdict
/// stayed flat enough that two rounds in a row agreed within 5 % (2026-12-06, 100,000 claims).
/// Once the workers went quiet, the CPU per verdict halved and the watched p99 fell from 25–35
/// to 12 ms. So a warm-up ends when two rounds in a row agree within 5 % on a figure of the
/// round (calls per second, or at an offered rate the calls per second of the services' CPU)
/// and, in the last round, the tiered-compilation workers of the services under test spent at
/// most <see cref="QuietJit"/> of the round's time; at most <see cref="Rounds"/> rounds; the
/// same rule for every scenario and service.
/// </summary>
public static class WarmUp
{
    private const int MaxRounds = 40;

    /// <summary>The JIT counts as quiet when its background workers used at most this share of one core over a round, or one clock tick in a shorter round (they idled at 0–1 % once settled, against 6–80 % before).</summary>
    private const double QuietJit = 0.02;

    /// <summary>The most rounds <see cref="UntilSteadyAsync"/> runs: <see cref="MaxRounds"/>, or one in a quick run.</summary>
    public static int Rounds(bool quick) => quick ? 1 : MaxRounds;

    /// <summary>
    /// Runs <paramref name="round"/> until two in a row agree within 5 % on its figure and the
    /// tiered-compilation workers of <paramref name="services"/> were quiet in the last (once in a
    /// quick run).
    /// </summary>
    public static async Task<WarmUpResult> UntilSteadyAsync(Func<Task<(int Calls, double Figure)>> round, bool quick, params ServiceUnderTest[] services)
    {
        var calls = 0;
        double? previous = null;
        var rounds = 0;
        var quiet = false;
        while (rounds < Rounds(quick))
        {
            var jitBefore = services.Sum(s => ProcStats.TieringCpuSeconds(s.Pid));
            var clock = Stopwatch.StartNew();
            var (made, rate) = await round();
            rounds++;
            calls += made;
            // At least one clock tick, the finest CPU time /proc reports: a round of h2load against the echo lasts a quarter second.
            quiet = services.Sum(s => ProcStats.TieringCpuSeconds(s.Pid)) - jitBefore <= Math.Max(QuietJit * clock.Elapsed.TotalSeconds, ProcStats.TickSeconds);
            if (quiet && previous is { } p && Math.Abs(rate - p) <= 0.05 * p)
            {
                break;
            }

            previous = rate;
        }

        return new WarmUpResult(calls, rounds, quiet);
    }
}
