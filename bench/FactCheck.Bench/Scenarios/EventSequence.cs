using FactCheck.Contracts.V1;

namespace FactCheck.Bench.Scenarios;

/// <summary>Where the claims service's event sequence stands, for watches that should see only what a scenario writes next.</summary>
public static class EventSequence
{
    /// <summary>Creates one claim and returns its event's sequence number: every later event has a larger one.</summary>
    public static async Task<long> MarkAsync(BenchRun run)
    {
        var marker = await run.ClaimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = run.NewClaim() }, deadline: BenchRun.Deadline);
        var history = await run.ClaimsClient.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = marker.Name }, deadline: BenchRun.Deadline);
        return history.Events[^1].Sequence;
    }
}
