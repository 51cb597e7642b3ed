using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 7: UpdateClaimStatus with 1, 16 and 64 concurrent callers. Each call moves one seeded
/// claim of the first half to PENDING with a detail of its own (a change the transition table
/// allows from UNVERIFIED and from PENDING), without an etag, so no call is refused.
/// </summary>
public static class UpdateStatusCallers
{
    public static async Task RunAsync(BenchRun run)
    {
        var half = Math.Max(1, run.SeededClaims / 2);
        await CallerSweep.RunAsync(run, run.Scenario("updatestatus"), (step, n) =>
            run.ClaimsClient.UpdateClaimStatusAsync(new UpdateClaimStatusRequest
            {
                Name = SeedClaims.Name(n % half),
                Status = ClaimStatus.Pending,
                StatusDetail = $"awaiting Baghdad (step {step}, update {n})",
                Reason = "benchmark status update",
                Evidence = { new Evidence { Url = "https://example.org/statements/bench", Quote = "Washington gives its go-ahead." } },
            }, deadline: BenchRun.Deadline).ResponseAsync);
    }
}
