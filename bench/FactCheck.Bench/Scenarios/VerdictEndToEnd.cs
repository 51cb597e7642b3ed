using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
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
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Verdicts in one warm-up round: a second at the offered rate, or ten in a quick run (whose few seeded claims must also hold the backlog scenario's).</summary>
    private static int WarmUpRound(BenchRun run) => run.Options.Quick ? 10 : PerSecond;

    /// <summary>The most claims the warm-up rounds confirm (<see cref="WarmUpAsync"/>).</summary>
    public static int WarmUpClaims(BenchRun run) => WarmUpRound(run) * WarmUp.Rounds(run.Options.Quick);

    /// <summary>How many seeded claims this scenario confirms, counted down from the last one.</summary>
    public static int ClaimsUsed(BenchRun run) => run.Options.Verdicts + WarmUpClaims(run);

    public static async Task RunAsync(BenchRun run)
    {
        var count = run.Options.Verdicts;
        var scenario = run.Scenario("verdict");
        if (ClaimsUsed(run) > run.SeededClaims / 2)
        {
            throw new InvalidOperationException($"the verdict scenario needs {ClaimsUsed(run)} seeded claims in the second half; seed at least {2 * ClaimsUsed(run)}");
        }

        await using var verification = await ServiceUnderTest.StartAsync("verification", run.Services.VerificationAssembly, await run.VerificationEnvironmentAsync());
        await using var trace = await run.TraceAsync(verification, scenario);
        using var channel = verification.Channel();
        var desk = new VerificationService.VerificationServiceClient(channel);
        // Claims counted down from the last seeded one: the status scenario uses the first half.
        string ClaimName(int k) => SeedClaims.Name(run.SeededClaims - 1 - k);
        var warmUp = await WarmUpAsync(run, verification, desk, Enumerable.Range(count, WarmUpClaims(run)).Select(ClaimName).ToList());

        var load = await OfferAsync(run, desk, Enumerable.Range(0, count).Select(ClaimName).ToList(), countAlso: null);
        load.Report(run, scenario, "; " + warmUp.Describe("verdicts"));
        run.Report.Add(scenario, "verification peak RSS", verification.PeakRssMb, "MB", "highest VmRSS sampled every 100 ms");
    }

    /// <summary>
    /// Offers verdicts to <paramref name="claims"/> at the measured rate, a round (a second) at a
    /// time, until two rounds in a row agree on the CPU the claims and <paramref name="verification"/>
    /// processes spent per verdict and the JIT of both has gone quiet (<see cref="WarmUp"/>'s rule).
    /// Measured cold, the fresh processes' JIT takes the cores the verdicts need: in a profile of
    /// their first seconds at this rate, the JIT and the runtime took 47 % of the claims service's
    /// CPU and 74 % of the verification service's, and their tiered-compilation workers stayed busy
    /// for about 20 s (<see cref="WarmUp"/>).
    /// </summary>
    public static async Task<WarmUpResult> WarmUpAsync(BenchRun run, ServiceUnderTest verification, VerificationService.VerificationServiceClient desk, IReadOnlyList<string> claims)
    {
        var size = WarmUpRound(run);
        var used = 0;
        return await WarmUp.UntilSteadyAsync(async () =>
        {
            var round = claims.Skip(used).Take(size).ToList();
            used += round.Count;
            var (claimsCpu, verificationCpu) = (new CpuPerCall(run.Claims), new CpuPerCall(verification));
            await OfferAsync(run, desk, round, countAlso: null);
            return (round.Count, 1e6 / Math.Max(claimsCpu.MicrosecondsPer(round.Count) + verificationCpu.MicrosecondsPer(round.Count), 1));
        }, run.Options.Quick, run.Claims, verification);
    }

    /// <summary>
    /// Sends a confirmation of each of <paramref name="claims"/> at <see cref="PerSecond"/> a
    /// second (open loop) and times each until it is answered and until a watcher on the claims
    /// service sees it CONFIRMED. <paramref name="countAlso"/>, when given, counts the other
    /// events the watcher sees from the first verdict sent until the last is seen.
    /// </summary>
    public static async Task<VerdictLoad> OfferAsync(
        BenchRun run, VerificationService.VerificationServiceClient desk, IReadOnlyList<string> claims, Func<ClaimEvent, bool>? countAlso)
    {
        var count = claims.Count;
        var after = await EventSequence.MarkAsync(run);
        var sent = new long[count];
        var names = Enumerable.Range(0, count).ToDictionary(k => claims[k], k => k);
        var seen = new ConcurrentDictionary<int, long>();
        var others = new StrongBox<int>();
        using var stop = new CancellationTokenSource(Patience);
        var watcher = WatchAsync(run.ClaimsClient, after, names, seen, countAlso, others, stop.Token);

        var answered = new double[count];
        var applied = 0;
        var refused = 0;
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
                RecordVerdictResponse response;
                while (true)
                {
                    try
                    {
                        response = await desk.RecordVerdictAsync(Confirm(claims[number]), deadline: BenchRun.Deadline);
                        break;
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                    {
                        // More verdicts open at once than the service lets one caller have: a client
                        // retries after a pause (the services' own pipelines do), and the wait counts.
                        Interlocked.Increment(ref refused);
                        await Task.Delay(TimeSpan.FromMilliseconds(50));
                    }
                }

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
        return new VerdictLoad(
            Latencies.Of(answered),
            Latencies.Of(seen.Select(s => Stopwatch.GetElapsedTime(sent[s.Key], s.Value).TotalMilliseconds)),
            $"{count} verdicts at {rate:F0}/s offered, {applied} answered APPLIED" + (refused > 0 ? $", {refused} times refused as too many open at once and sent again" : ""),
            others.Value);
    }

    /// <summary>What <see cref="OfferAsync"/> measured; <see cref="OtherEvents"/> counts the events its countAlso matched.</summary>
    public sealed record VerdictLoad(Latencies Answered, Latencies Watched, string How, int OtherEvents)
    {
        public void Report(BenchRun run, string scenario, string during)
        {
            run.Report.Add(scenario, "RecordVerdict answered p50", Answered.P50, "ms", How + during);
            run.Report.Add(scenario, "RecordVerdict answered p99", Answered.P99, "ms", How + during);
            run.Report.Add(scenario, "recorded-to-watched p50", Watched.P50, "ms", "sent → watcher on the claims service sees CONFIRMED" + during);
            run.Report.Add(scenario, "recorded-to-watched p99", Watched.P99, "ms", "sent → watcher on the claims service sees CONFIRMED" + during);
        }
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

    /// <summary>Notes when each benchmarked claim is first seen CONFIRMED, until all are, counting the other events <paramref name="countAlso"/> matches meanwhile.</summary>
    private static async Task WatchAsync(
        ClaimsService.ClaimsServiceClient claims, long after, Dictionary<string, int> names, ConcurrentDictionary<int, long> seen,
        Func<ClaimEvent, bool>? countAlso, StrongBox<int> others, CancellationToken ct)
    {
        using var call = claims.WatchClaims(new WatchClaimsRequest { AfterSequence = after }, deadline: DateTime.UtcNow + Patience, cancellationToken: ct);
        await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
        {
            if (e.Claim.Status == ClaimStatus.Confirmed && names.TryGetValue(e.Claim.Name, out var k))
            {
                if (seen.TryAdd(k, Stopwatch.GetTimestamp()) && seen.Count == names.Count)
                {
                    return;
                }
            }
            else if (countAlso is not null && countAlso(e))
            {
                others.Value++;
            }
        }

        throw new InvalidOperationException($"the watch ended after {seen.Count} of {names.Count} confirmations");
    }
}
