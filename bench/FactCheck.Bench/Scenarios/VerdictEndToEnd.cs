using System.Collections.Concurrent;
using System.Diagnostics;
using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;
using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;
using Grpc.Core;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 6: RecordVerdict end to end at a steady 100 verdicts per second (open loop: each is
/// sent on schedule whether or not the earlier ones have returned). The verification service runs
/// as its own process on its own database (a SQLite file, or in the postgres pass a database of
/// its own on the same server) and delivers to the claims process. Each verdict
/// confirms a different seeded claim of the second half (no required parties, so the verdict
/// decides: CONFIRMED). Measured: sent → RecordVerdict answered (recorded, and applied when the
/// answer says APPLIED), and sent → a watcher on the claims service sees the claim CONFIRMED.
/// </summary>
public static class VerdictEndToEnd
{
    private const int PerSecond = 100;
    private const int WarmUp = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(BenchRun run)
    {
        var count = run.Options.Verdicts;
        var scenario = run.Scenario("verdict");
        if (count + WarmUp > run.SeededClaims / 2)
        {
            throw new InvalidOperationException($"the verdict scenario needs {count + WarmUp} seeded claims in the second half; seed at least {2 * (count + WarmUp)}");
        }

        await using var verification = await ServiceUnderTest.StartAsync("verification", BenchRun.VerificationAssembly, await run.VerificationEnvironmentAsync());
        await using var trace = await run.TraceAsync(verification, scenario);
        using var channel = verification.Channel();
        var desk = new VerificationService.VerificationServiceClient(channel);
        // Claims counted down from the last seeded one: the status scenario uses the first half.
        string ClaimName(int k) => SeedClaims.Name(run.SeededClaims - 1 - k);
        for (var k = 0; k < WarmUp; k++)
        {
            await desk.RecordVerdictAsync(Confirm(ClaimName(count + k)), deadline: BenchRun.Deadline);
        }

        var after = await EventSequence.MarkAsync(run);
        var sent = new long[count];
        var names = Enumerable.Range(0, count).ToDictionary(ClaimName, k => k);
        var seen = new ConcurrentDictionary<int, long>();
        using var stop = new CancellationTokenSource(Patience);
        var watcher = WatchAsync(run.ClaimsClient, after, names, seen, stop.Token);

        var answered = new double[count];
        var applied = 0;
        var clock = Stopwatch.StartNew();
        var calls = new List<Task>(count);
        for (var k = 0; k < count; k++)
        {
            var due = TimeSpan.FromSeconds(k / (double)PerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var number = k;
            calls.Add(Task.Run(async () =>
            {
                sent[number] = Stopwatch.GetTimestamp();
                var response = await desk.RecordVerdictAsync(Confirm(ClaimName(number)), deadline: BenchRun.Deadline);
                answered[number] = Stopwatch.GetElapsedTime(sent[number]).TotalMilliseconds;
                if (response.DeliveryState == DeliveryState.Applied)
                {
                    Interlocked.Increment(ref applied);
                }
            }));
        }

        // Offered rate: how fast verdicts were sent, before waiting for the last answers.
        var rate = count / clock.Elapsed.TotalSeconds;
        await Task.WhenAll(calls);
        await watcher.WaitAsync(Patience);
        var recorded = Latencies.Of(answered);
        var endToEnd = Latencies.Of(seen.Select(s => Stopwatch.GetElapsedTime(sent[s.Key], s.Value).TotalMilliseconds));
        var how = $"{count} verdicts at {rate:F0}/s offered, {applied} answered APPLIED";
        run.Report.Add(scenario, "RecordVerdict answered p50", recorded.P50, "ms", how);
        run.Report.Add(scenario, "RecordVerdict answered p99", recorded.P99, "ms", how);
        run.Report.Add(scenario, "recorded-to-watched p50", endToEnd.P50, "ms", "sent → watcher on the claims service sees CONFIRMED");
        run.Report.Add(scenario, "recorded-to-watched p99", endToEnd.P99, "ms", "sent → watcher on the claims service sees CONFIRMED");
        run.Report.Add(scenario, "verification peak RSS", verification.PeakRssMb, "MB", "highest VmRSS sampled every 100 ms");
    }

    /// <summary>Washington's confirmation of <paramref name="claim"/>: for a claim without required parties, the verdict that makes it CONFIRMED.</summary>
    public static RecordVerdictRequest Confirm(string claim) => new()
    {
        Verdict = new Verdict
        {
            Claim = claim,
            Party = "Washington",
            Official = "US State Department spokesperson",
            Decision = VerdictDecision.Confirm,
            Evidence = { new Evidence { Url = "https://example.org/statements/washington-go-ahead", Quote = "Washington gives its final go-ahead." } },
        },
    };

    /// <summary>Notes when each benchmarked claim is first seen CONFIRMED, until all are.</summary>
    private static async Task WatchAsync(ClaimsService.ClaimsServiceClient claims, long after, Dictionary<string, int> names, ConcurrentDictionary<int, long> seen, CancellationToken ct)
    {
        using var call = claims.WatchClaims(new WatchClaimsRequest { AfterSequence = after }, deadline: DateTime.UtcNow + Patience, cancellationToken: ct);
        await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
        {
            if (e.Claim.Status == ClaimStatus.Confirmed && names.TryGetValue(e.Claim.Name, out var k) && seen.TryAdd(k, Stopwatch.GetTimestamp()) && seen.Count == names.Count)
            {
                return;
            }
        }

        throw new InvalidOperationException($"the watch ended after {seen.Count} of {names.Count} confirmations");
    }
}
