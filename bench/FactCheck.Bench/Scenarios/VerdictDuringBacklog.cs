using FactCheck.Bench.Load;
using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario <c>backlog</c>: RecordVerdict end to end at 100 verdicts per second, as in
/// <see cref="VerdictEndToEnd"/>, while the verification service drains a backlog of overdue
/// checks. Up to 100,000 waiting seeded claims of the second half (those with a due time) are
/// made due in the past with UpdateClaim; a verification service started on a database of its own
/// then finds them all in its start-up sweep and queues an overdue check for each. Once the first
/// of them is applied, warm-up rounds of verdicts warm the fresh service up, as in the verdict scenario, and then
/// the measured verdicts are sent to other claims. Reported beside the latencies: how
/// many overdue checks were applied while the verdicts were measured, so the figure is known to
/// have been taken while the backlog drained.
/// </summary>
public static class VerdictDuringBacklog
{
    private const int MostOverdue = 100_000;
    private const int EditCallers = 64;
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    // The start-up sweep lists every waiting claim past due before it queues the first check: at
    // 1,000,000 claims with 100,000 of them due it took longer than 5 minutes (2026-12-06).
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(BenchRun run)
    {
        var scenario = run.Scenario("verdict backlog");
        var count = run.Options.Verdicts;
        var seeded = run.SeededClaims;
        // Below the claims the verdict scenario confirmed (the last count + warm-up), the verdicts
        // of this one; below those, the backlog: claims with a due time, still waiting.
        var verdictClaims = Enumerable.Range(0, count).Select(k => SeedClaims.Name(seeded - 1 - VerdictEndToEnd.ClaimsUsed(run) - k)).ToList();
        var warmUpClaims = Enumerable.Range(count, VerdictEndToEnd.WarmUpClaims(run)).Select(k => SeedClaims.Name(seeded - 1 - VerdictEndToEnd.ClaimsUsed(run) - k)).ToList();
        var lowest = seeded - 2 * VerdictEndToEnd.ClaimsUsed(run);
        var overdue = Enumerable.Range(seeded / 2, Math.Max(0, lowest - seeded / 2))
            .Where(SeedClaims.HasDueTime).Take(MostOverdue).ToList();
        if (overdue.Count < 20)
        {
            throw new InvalidOperationException($"the backlog scenario found only {overdue.Count} claims with a due time to make overdue; seed more claims");
        }

        var edits = await ClosedLoop.RunAsync(EditCallers, overdue.Count, TimeSpan.FromMinutes(30), async n =>
        {
            var claim = new Claim { Name = SeedClaims.Name(overdue[n]), DueTime = Timestamp.FromDateTimeOffset(LongAgo.AddMinutes(n)) };
            await run.ClaimsClient.UpdateClaimAsync(
                new UpdateClaimRequest { Claim = claim, UpdateMask = new FieldMask { Paths = { "due_time" } } }, deadline: BenchRun.Deadline);
        });
        if (edits.Calls != overdue.Count)
        {
            throw new InvalidOperationException($"only {edits.Calls} of {overdue.Count} claims were made overdue in time");
        }

        var first = await EventSequence.MarkAsync(run);
        var sweep = System.Diagnostics.Stopwatch.StartNew();
        await using var verification = await Hosts.ServiceUnderTest.StartAsync(
            "verification", run.Services.VerificationAssembly, await run.VerificationEnvironmentAsync("verification-backlog"));
        await using var trace = await run.TraceAsync(verification, scenario);
        using var channel = verification.Channel();
        var desk = new VerificationService.VerificationServiceClient(channel);
        await FirstOverdueAsync(run.ClaimsClient, first);
        var sweepTime = sweep.Elapsed;
        // As in the verdict scenario, warm-up rounds first, so the figures are not the fresh
        // process's first calls (JIT, connections) but verdicts while the backlog drains.
        var warmUp = await VerdictEndToEnd.WarmUpAsync(run, verification, desk, warmUpClaims);
        var load = await VerdictEndToEnd.OfferAsync(run, desk, verdictClaims, e => e.Type == ClaimEventType.StatusChanged && e.Claim.Status == ClaimStatus.Overdue);
        var during = $"; {warmUp.Describe("verdicts")}, while {overdue.Count:N0} overdue checks drain";
        load.Report(run, scenario, during);
        run.Report.Add(scenario, "overdue checks applied meanwhile", load.OtherEvents, "checks",
            $"of {overdue.Count:N0} queued by the start-up sweep; seen by the watcher from the first verdict sent to the last seen CONFIRMED");
        run.Report.Add(scenario, "claims made overdue", overdue.Count, "claims", $"UpdateClaim due_time, {EditCallers} callers, {edits.CallsPerSecond:F0} calls/s");
        run.Report.Add(scenario, "start to first overdue check applied", sweepTime.TotalSeconds, "s",
            "verification service launched → its start-up sweep listed and queued the checks → the first applied, seen by a watcher");
    }

    /// <summary>Waits until the first overdue check is applied: the sweep has queued them and the backlog is draining.</summary>
    private static async Task FirstOverdueAsync(ClaimsService.ClaimsServiceClient claims, long after)
    {
        using var stop = new CancellationTokenSource(Patience);
        using var call = claims.WatchClaims(new WatchClaimsRequest { AfterSequence = after }, deadline: DateTime.UtcNow + Patience, cancellationToken: stop.Token);
        await foreach (var e in call.ResponseStream.ReadAllAsync(stop.Token))
        {
            if (e.Type == ClaimEventType.StatusChanged && e.Claim.Status == ClaimStatus.Overdue)
            {
                return;
            }
        }

        throw new InvalidOperationException("the watch ended before any overdue check was applied");
    }
}
