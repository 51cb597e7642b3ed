using System.Globalization;

namespace FactCheck.Bench.Report;

/// <summary>A goal from issue 9 and how this run's figures compare with it.</summary>
public sealed record TargetResult(string Target, string Measured, string Verdict);

/// <summary>
/// The targets, each checked against figures measured in this run. A target whose
/// scenario did not run, or ran on a smaller database than the target names, says so instead of
/// passing or failing.
/// </summary>
public static class Targets
{
    public static IReadOnlyList<TargetResult> Evaluate(BenchReport report, int seededClaims)
    {
        var results = new List<TargetResult>();
        void AtLeast(string target, string scenario, string metric, double goal, string unit) =>
            results.Add(Check(target, report.Find(scenario, metric), goal, atLeast: true, unit));
        void AtMost(string target, string scenario, string metric, double goal, string unit) =>
            results.Add(Check(target, report.Find(scenario, metric), goal, atLeast: false, unit));

        AtLeast("GetClaim ≥ 0.75× echo (h2load throughput)", "getclaim", "ratio to echo", 0.75, "×");
        AtMost("ListClaims page 1,000 within 1.2× of page 1 (p50)", "listclaims", "deep/first p50 ratio", 1.2, "×");
        // Every 50-claim page must meet it: the worse of page 1 and the deep page.
        results.Add(Check("ListClaims p99 of a 50-claim page ≤ 10 ms (page 1 and the deep page)",
            Worst(report.Find("listclaims", "page 1 p99"), report.Find("listclaims", "deep page p99")), 10, atLeast: false, "ms"));
        AtLeast("CreateClaim, 64 callers ≥ 0.40× raw group-commit inserts", "createclaim", "64 callers / raw 16 per tx", 0.40, "×");
        AtLeast("CreateClaim, 64 callers ≥ 5× one transaction per call", "createclaim", "64 callers / raw 1 per tx", 5, "×");
        AtLeast("WatchClaims ≥ 100,000 events/s across 100 subscribers", "watch", "events delivered/s", 100_000, "/s");
        AtMost("WatchClaims commit-to-delivery p99 ≤ 10 ms", "watch", "write-to-delivery p99", 10, "ms");
        AtMost("RecordVerdict end to end p99 ≤ 25 ms at 100 verdicts/s", "verdict", "recorded-to-watched p99", 25, "ms");
        AtMost("RecordVerdict end to end p99 ≤ 25 ms at 100 verdicts/s while overdue checks drain", "verdict backlog", "recorded-to-watched p99", 25, "ms");
        // Issue 21: every hot path within reach of its floor.
        AtLeast("GetClaim ≥ 0.6× echo (issue 21)", "getclaim", "ratio to echo", 0.6, "×");
        AtMost("GetClaim server CPU per call ≤ 40 µs (issue 21)", "getclaim", "GetClaim server CPU per call", 40, "µs");
        AtLeast("CreateClaim, 64 callers ≥ 0.25× raw inserts 16 per tx (issue 21)", "createclaim", "64 callers / raw 16 per tx", 0.25, "×");
        AtMost("CreateClaim, 64 callers, server CPU per call ≤ 150 µs (issue 21)", "createclaim", "64 callers server CPU per call", 150, "µs");
        AtMost("UpdateClaimStatus, 64 callers, server CPU per call ≤ 100 µs (issue 21)", "updatestatus", "64 callers server CPU per call", 100, "µs");
        AtMost(Scaled("full-text query p99 ≤ 20 ms", seededClaims), "fulltext", "query page p99", 20, "ms");
        // Issue 22: extraction on reporting the rules were not written against (the held-out part).
        AtMost("extract: a 2,000-word article in ≤ 50 ms (p95 of the timed runs)", "extract", "2,000-word article p95", 50, "ms");
        AtLeast("extract held-out recall ≥ 0.85", "extract held-out", "recall", 0.85, "");
        AtLeast("extract held-out precision ≥ 0.80", "extract held-out", "precision", 0.80, "");
        AtLeast("extract held-out speaker exact on ≥ 85 % of matched claims", "extract held-out", "speaker exact", 0.85, "");
        AtLeast("extract held-out required parties exact on ≥ 90 % of conditional claims", "extract held-out", "required parties exact", 0.90, "");
        AtLeast("extract held-out due date exact on ≥ 90 % of time-bound claims", "extract held-out", "due date exact", 0.90, "");
        AtMost(Scaled("start-up to SERVING ≤ 2 s", seededClaims), "startup", "start to SERVING", 2, "s");
        AtMost(Scaled("claims RSS ≤ 250 MB under load", seededClaims), "startup", "claims peak RSS under load", 250, "MB");
        return results;
    }

    private static double? Worst(double? a, double? b) => a is { } x && b is { } y ? Math.Max(x, y) : a ?? b;

    private static string Scaled(string target, int seededClaims) =>
        seededClaims >= 1_000_000 ? $"{target} with 1M claims" : string.Create(CultureInfo.InvariantCulture, $"{target} with 1M claims (measured with {seededClaims:N0})");

    private static TargetResult Check(string target, double? measured, double goal, bool atLeast, string unit)
    {
        if (measured is not { } value)
        {
            return new TargetResult(target, "not measured", "not run");
        }

        var met = atLeast ? value >= goal : value <= goal;
        var shown = string.Create(CultureInfo.InvariantCulture, $"{value:0.###} {unit}");
        var by = atLeast
            ? string.Create(CultureInfo.InvariantCulture, $"missed: {value / goal:P0} of the goal")
            : string.Create(CultureInfo.InvariantCulture, $"missed: {value / goal:0.##}× the limit");
        return new TargetResult(target, shown, met ? "met" : by);
    }
}
