namespace FactCheck.Verification.Domain;

/// <summary>What the reconcile pass does about one claim.</summary>
public enum ReconcileAction
{
    /// <summary>The claims service has the change this service applied, or something later: leave the claim alone.</summary>
    InStep,

    /// <summary>The claims service has gone back to before the change this service applied (restored from an earlier backup): deliver again.</summary>
    Redeliver,

    /// <summary>The claims service has no such claim, while verdicts here name it: report it; nothing is deleted.</summary>
    Missing,

    /// <summary>The claims service did not say when the claim last changed, so there is nothing to compare: leave it alone.</summary>
    Undecided,
}

/// <summary>The decision and why, in words for the log and the report.</summary>
public sealed record ReconcileDecision(ReconcileAction Action, string Explanation);

/// <summary>
/// The reconcile rule: one pure function, <see cref="Decide"/>. When a delivery to a claim
/// finished, this service kept the claims service's <c>update_time</c> of the claim as it left
/// it: right after its change, or as read when there was nothing to change (the mark). The claims service moves a claim's update_time forward on every write, so a
/// claim there whose update_time is now older than the mark has lost that write: its database was
/// restored to a point before it. A claim at or after the mark has this service's change, or a
/// later one by someone else (an editor, a verifier, another verdict), which must stand.
/// Both times come from the claims service's own clock, so the two services' clocks never meet.
/// </summary>
public static class ReconcileRules
{
    /// <param name="appliedMark">The claims service's update_time of the claim as this service's latest delivery left it.</param>
    /// <param name="exists">Whether the claims service has the claim.</param>
    /// <param name="updateTime">The claim's update_time as the claims service has it now (null when it sent none).</param>
    public static ReconcileDecision Decide(DateTimeOffset appliedMark, bool exists, DateTimeOffset? updateTime)
    {
        if (!exists)
        {
            return new(ReconcileAction.Missing, "the claims service has no such claim, while verdicts here name it");
        }

        if (updateTime is not { } now)
        {
            return new(ReconcileAction.Undecided, "the claims service sent no update time for the claim");
        }

        return now < appliedMark
            ? new(ReconcileAction.Redeliver, $"the claims service's copy of the claim last changed at {Format(now)}, older than {Format(appliedMark)}, when this service's last delivery left it")
            : new(ReconcileAction.InStep, now == appliedMark ? "the claims service has the claim as this service's last delivery left it" : "the claim changed after this service's last delivery");
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
