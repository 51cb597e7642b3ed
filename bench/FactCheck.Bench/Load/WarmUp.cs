namespace FactCheck.Bench.Load;

/// <summary>
/// Warms a service up before it is measured. The runtime keeps recompiling hot methods (tier 0,
/// then instrumented, then optimised with the profile) for well over 10,000 calls: a profile of
/// GetClaim after 20,000 warm-up calls spent about 11 % of the service's CPU in the JIT, at twice
/// the CPU per call seen after 150,000, and one of CreateClaim at one caller, measured cold,
/// spent 38 % of it there, and a fresh pair of services taking 100 verdicts a second spent a
/// quarter (claims) and half (verification) of their CPU in the JIT in 8 s sampled in their first
/// quarter minute. So rounds repeat until two in a row agree within 5 % on a figure of the round
/// (calls per second, or at an offered rate the calls per second of the services' CPU), at most
/// <see cref="Rounds"/>; the same rule for every scenario and service.
/// </summary>
public static class WarmUp
{
    private const int MaxRounds = 12;

    /// <summary>The most rounds <see cref="UntilSteadyAsync"/> runs: <see cref="MaxRounds"/>, or one in a quick run.</summary>
    public static int Rounds(bool quick) => quick ? 1 : MaxRounds;

    /// <summary>Runs <paramref name="round"/> until two in a row agree within 5 % on its figure (once in a quick run); returns the calls made.</summary>
    public static async Task<int> UntilSteadyAsync(Func<Task<(int Calls, double Figure)>> round, bool quick)
    {
        var calls = 0;
        double? previous = null;
        for (var i = 0; i < Rounds(quick); i++)
        {
            var (made, rate) = await round();
            calls += made;
            if (previous is { } p && Math.Abs(rate - p) <= 0.05 * p)
            {
                break;
            }

            previous = rate;
        }

        return calls;
    }
}
