using FactCheck.Verification.Domain;

namespace FactCheck.Verification.Tests.Domain;

/// <summary>
/// The reconcile rule, row by row. Each row: the mark (the claims service's update_time of the
/// claim as this service's latest delivery left it), whether the claims service has the claim,
/// its update_time there now ("" when it sent none), and the action.
/// </summary>
public class ReconcileRulesTests
{
    private const string Mark = "2026-12-01T10:00:00.0000000Z";

    [Theory]
    // The claims service has the claim as the delivery left it: nothing to do.
    [InlineData(Mark, true, Mark, "InStep")]
    // Changed after the delivery (an editor, a verifier, another verdict): that change stands.
    [InlineData(Mark, true, "2026-12-01T10:00:00.0000001Z", "InStep")]
    [InlineData(Mark, true, "2026-12-05T08:30:00Z", "InStep")]
    // Older than the mark: the claims service was restored to before the delivery, and lost it.
    [InlineData(Mark, true, "2026-12-01T09:59:59.9999999Z", "Redeliver")]
    [InlineData(Mark, true, "2026-11-20T00:00:00Z", "Redeliver")]
    // The claims service has no such claim (restored to before it was created): reported, whatever the times.
    [InlineData(Mark, false, "", "Missing")]
    [InlineData(Mark, false, "2026-11-20T00:00:00Z", "Missing")]
    // No update time to compare: left alone.
    [InlineData(Mark, true, "", "Undecided")]
    public void Decides_by_the_claims_services_own_update_time(string mark, bool exists, string updateTime, string action)
    {
        var decision = ReconcileRules.Decide(Time(mark), exists, updateTime.Length == 0 ? null : Time(updateTime));

        Assert.Equal(Enum.Parse<ReconcileAction>(action), decision.Action);
        Assert.NotEmpty(decision.Explanation);
    }

    [Fact]
    public void A_redelivery_says_which_times_it_compared()
    {
        var decision = ReconcileRules.Decide(Time(Mark), true, Time("2026-11-20T00:00:00Z"));

        Assert.Equal(
            "the claims service's copy of the claim last changed at 2026-11-20T00:00:00.0000000Z, older than 2026-12-01T10:00:00.0000000Z, when this service's last delivery left it",
            decision.Explanation);
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
