namespace FactCheck.Testing;

/// <summary>
/// The one set of timings test hosts run with: short enough that faults resolve within a test's
/// patience, generous enough that a loaded two-core CI machine still sees deliveries APPLIED.
/// </summary>
public static class TestTimings
{
    /// <summary>How long a test waits for background work to make a condition true (not a speed assertion).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>How often a waiting test looks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The verification service's delivery settings for tests.</summary>
    public static Dictionary<string, string?> VerificationSettings() => new()
    {
        ["ClaimsService:CallTimeout"] = "00:00:05",
        ["ClaimsService:RetryDelay"] = "00:00:00.050",
        ["ClaimsService:BreakDuration"] = "00:00:01",
        // Under a loaded CI machine the first delivery can take seconds, and most tests expect APPLIED.
        ["Verification:ImmediateDeliveryBudget"] = "00:00:10",
        ["Verification:DispatchInterval"] = "00:00:00.200",
        // The overdue sweep runs when a test asks for it (OverdueSweepTests), not every minute.
        ["Verification:SweepInterval"] = "01:00:00",
    };

    /// <summary>The same settings as environment variables, for a verification service started as a process.</summary>
    public static Dictionary<string, string> VerificationEnvironment() =>
        VerificationSettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
}
