using FactCheck.Contracts.V1;

namespace FactCheck.Bench.Scenarios;

/// <summary>Where the claims service's event sequence stands, for watches that should see only what a scenario writes next.</summary>
public static class EventSequence
{
    /// <summary>Creates one claim and returns its event's sequence number: every later event has a larger one.</summary>
    public static Task<long> MarkAsync(BenchRun run) => MarkAsync(run.ClaimsClient, run.NewClaim());

    /// <summary>Creates <paramref name="claim"/> through <paramref name="client"/> and returns its event's sequence number.</summary>
    public static async Task<long> MarkAsync(ClaimsService.ClaimsServiceClient client, Claim claim)
    {
        var marker = await client.CreateClaimAsync(new CreateClaimRequest { Claim = claim }, deadline: BenchRun.Deadline);
        var history = await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = marker.Name }, deadline: BenchRun.Deadline);
        return history.Events[^1].Sequence;
    }
}
