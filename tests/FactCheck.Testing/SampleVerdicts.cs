using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Testing;

/// <summary>Verdicts on the sample claims, as the parties of the sample report would give them, and the status changes they lead to.</summary>
public static class SampleVerdicts
{
    /// <summary>A verdict with a statement as evidence; <paramref name="requestId"/> defaults to a fresh one.</summary>
    public static RecordVerdictRequest Verdict(string claim, string party, VerdictDecision decision, string? requestId = null) => new()
    {
        Verdict = new Verdict
        {
            Claim = claim,
            Party = party,
            Official = party == "Washington" ? "US State Department spokesperson" : $"{party} government spokesperson",
            Decision = decision,
            Evidence =
            {
                new Evidence
                {
                    Url = $"https://example.org/statements/{party.ToLowerInvariant()}-{decision.ToString().ToLowerInvariant()}",
                    Quote = $"{party}: {decision} (example statement)",
                    ObservedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)),
                },
            },
            Note = "example verdict for tests",
        },
        RequestId = requestId ?? Guid.NewGuid().ToString(),
    };

    /// <summary>The status changes in a claim's history, oldest first.</summary>
    public static async Task<List<ClaimEvent>> StatusChangesAsync(ClaimsService.ClaimsServiceClient claims, string name, DateTime? deadline = null)
    {
        var history = await claims.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = name, PageSize = 500 }, deadline: deadline);
        return history.Events.Where(e => e.Type == ClaimEventType.StatusChanged).ToList();
    }
}
