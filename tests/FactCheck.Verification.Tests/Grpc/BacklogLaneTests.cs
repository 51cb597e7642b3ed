using FactCheck.Claims.Grpc;
using FactCheck.Claims.Storage;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Storage;
using FactCheck.Verification.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>
/// Verdicts never wait behind bulk work: a sweep that queues an overdue check for each of a
/// hundred thousand claims fills the dispatcher's backlog lane, and a verdict queued after all of
/// them is delivered by the verdict lane while that backlog is still draining.
/// </summary>
public class BacklogLaneTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int OverdueClaims = 100_000;

    private static readonly DateTimeOffset Due = new(2030, 1, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_verdict_is_applied_while_a_hundred_thousand_overdue_checks_drain_behind_it()
    {
        var clock = new FakeTimeProvider(Due.AddDays(-1));
        await using var pair = new ServicePair(clock: clock, settings: new Dictionary<string, string?>
        {
            // The sweep runs when the test says (SweepOnceAsync), not on its own timer: the test
            // moves the clock two days, less than one interval.
            ["Verification:SweepInterval"] = "10.00:00:00",
            // No delivery within the call: every verdict goes through the dispatcher, the path
            // a verdict takes when its immediate delivery runs out of time.
            ["Verification:ImmediateDeliveryBudget"] = "00:00:00",
        });
        // Started before the claims are due: the sweep it runs at start-up finds none of them.
        var sweep = pair.Verification.Services.GetRequiredService<OverdueSweep>();
        var claims = pair.ClaimsClient();
        await claims.CreateClaimAsync(SampleClaims.Create("agreement"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await SeedWaitingClaimsAsync(pair.Claims.Services.GetRequiredService<ClaimStore>());
        output.WriteLine($"{OverdueClaims:N0} claims written in {watch.Elapsed.TotalSeconds:F1} s");

        clock.SetUtcNow(Due.AddDays(1));
        watch.Restart();
        Assert.Equal(OverdueClaims, await sweep.SweepOnceAsync(CancellationToken.None));
        output.WriteLine($"the sweep queued {OverdueClaims:N0} overdue checks in {watch.Elapsed.TotalSeconds:F1} s");
        // The sweep queues page by page and the backlog lane starts on the first page, so some of
        // the checks are applied already: what matters is the backlog the verdicts are recorded behind.
        var store = pair.Verification.Services.GetRequiredService<IVerdictStore>();
        var queuedBefore = (await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, OverdueClaims, CancellationToken.None)).Count;
        Assert.True(queuedBefore > OverdueClaims / 2, $"only {queuedBefore:N0} of {OverdueClaims:N0} overdue checks were still queued when the verdicts were recorded");
        watch.Restart();

        var washington = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict("claims/agreement", "Washington", VerdictDecision.Confirm));
        var baghdad = await pair.Desk().RecordVerdictAsync(SampleVerdicts.Verdict("claims/agreement", "Baghdad", VerdictDecision.Confirm));
        Assert.Equal((DeliveryState.Queued, DeliveryState.Queued), (washington.DeliveryState, baghdad.DeliveryState));

        var confirmed = await Eventually.Until(
            () => claims.GetClaimAsync(new GetClaimRequest { Name = "claims/agreement" }).ResponseAsync,
            c => c.Status == ClaimStatus.Confirmed, "the agreement to be CONFIRMED through the verdict lane");
        output.WriteLine($"both verdicts applied {watch.Elapsed.TotalMilliseconds:F0} ms after the first was recorded");

        // Delivered while the backlog drains, not after it: nearly all of what was queued before
        // the verdicts is still queued.
        var stillQueued = (await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, OverdueClaims, CancellationToken.None)).Count;
        Assert.True(stillQueued > queuedBefore * 9 / 10, $"only {stillQueued:N0} of the {queuedBefore:N0} overdue checks queued before the verdicts were still queued when they were applied");
        Assert.Equal("confirmed by Washington and Baghdad", confirmed.StatusDetail);
        Assert.Equal(
            [ClaimStatus.Pending, ClaimStatus.Confirmed],
            (await SampleVerdicts.StatusChangesAsync(claims, "claims/agreement")).Select(e => e.Claim.Status));

        // And the backlog is being delivered meanwhile, in its own lane: claims turn OVERDUE.
        await Eventually.Until(
            () => claims.GetClaimAsync(new GetClaimRequest { Name = $"claims/{Id(0)}" }).ResponseAsync,
            c => c.Status == ClaimStatus.Overdue, "the longest-waiting overdue check to be applied");
    }

    /// <summary>
    /// Writes the waiting claims through the claims service's own store (rows, side tables and
    /// events as CreateClaim writes them), many at a time so group commit shares the commits.
    /// </summary>
    private static async Task SeedWaitingClaimsAsync(ClaimStore store)
    {
        var violations = new List<global::FactCheck.Domain.FieldViolation>();
        var template = SampleClaims.Claim("militia-attacks");
        template.DueTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Due);
        var content = ClaimMapper.Content(template, "claim", violations);
        Assert.Empty(violations);
        var write = new global::FactCheck.Domain.WriteContext("backlog-seed", "", "");
        foreach (var chunk in Enumerable.Range(0, OverdueClaims).Chunk(256))
        {
            await Task.WhenAll(chunk.Select(i => store.CreateAsync(Id(i), content, global::FactCheck.Domain.ClaimStatus.Unverified, "", write, CancellationToken.None)));
        }
    }

    private static string Id(int i) => $"due-{i:D6}";
}
