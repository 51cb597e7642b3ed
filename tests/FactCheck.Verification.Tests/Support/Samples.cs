using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Verification.Tests.Support;

/// <summary>
/// The sample claims the tests use, from samples/claims.json (<see cref="SampleClaims"/>), and
/// verdicts on them. The report's publisher and URL are unknown; the URLs are example.org placeholders.
/// </summary>
public static class Samples
{
    /// <summary>The agreement, pending go-ahead from Washington and Baghdad.</summary>
    public static Claim Agreement() => SampleClaims.Claim("agreement");

    /// <summary>Several hundred soldiers leave by the end of September 2025; its parent is the agreement, created first under its id ("agreement").</summary>
    public static Claim FirstWithdrawal() => SampleClaims.Claim("first-withdrawal");

    /// <summary>The last US personnel leave by the end of 2026; its parent is the agreement, created first under its id ("agreement").</summary>
    public static Claim FinalWithdrawal() => SampleClaims.Claim("final-withdrawal");

    /// <summary>Militia attacks, a lower bound; no required parties.</summary>
    public static Claim MilitiaAttacks() => SampleClaims.Claim("militia-attacks");

    public static async Task<Claim> CreateAsync(ClaimsService.ClaimsServiceClient claims, Claim claim) =>
        await claims.CreateClaimAsync(new CreateClaimRequest { Claim = claim });

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
    public static async Task<List<ClaimEvent>> StatusChangesAsync(ClaimsService.ClaimsServiceClient claims, string name)
    {
        var history = await claims.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = name, PageSize = 500 });
        return history.Events.Where(e => e.Type == ClaimEventType.StatusChanged).ToList();
    }
}
