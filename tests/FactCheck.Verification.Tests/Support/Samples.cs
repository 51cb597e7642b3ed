using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Verification.Tests.Support;

/// <summary>
/// Claims and verdicts from the project's sample report (../shared/sample-facts.md), in our own
/// words. The report's publisher and URL are unknown; the URLs are example.org placeholders.
/// </summary>
public static class Samples
{
    public const string ReportUrl = "https://example.org/news/us-iraq-withdrawal-agreement";

    private static Source Report() => new()
    {
        Url = ReportUrl,
        Title = "US and Iraq agree on troop withdrawal (example source)",
        Publisher = "Example News (placeholder: real publisher unknown)",
    };

    /// <summary>Fact 1: the agreement, pending go-ahead from Washington and Baghdad.</summary>
    public static Claim Agreement() => new()
    {
        Text = "US and Iraqi diplomats have reached an agreement on withdrawing US troops from Iraq.",
        Speaker = "an unnamed US official",
        Sources = { Report() },
        Status = ClaimStatus.Pending,
        RequiredParties = { "Washington", "Baghdad" },
        Tags = { "iraq", "agreement" },
        Language = "en",
    };

    /// <summary>Fact 2: several hundred soldiers leave by the end of September 2025.</summary>
    public static Claim FirstWithdrawal() => new()
    {
        Text = "Under the agreement, several hundred US soldiers leave Iraq in September 2025.",
        Speaker = "the agreement (as reported)",
        Sources = { Report() },
        Status = ClaimStatus.Pending,
        DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 9, 30, 23, 59, 59, TimeSpan.Zero)),
        Tags = { "iraq", "withdrawal" },
        Language = "en",
    };

    /// <summary>Fact 3: the last US personnel leave by the end of 2026.</summary>
    public static Claim FinalWithdrawal() => new()
    {
        Text = "Under the agreement, the last US personnel leave Iraq by the end of 2026.",
        Speaker = "the agreement (as reported)",
        Sources = { Report() },
        DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)),
        Tags = { "iraq", "withdrawal" },
        Language = "en",
    };

    /// <summary>Fact 6: militia attacks, a lower bound; no required parties.</summary>
    public static Claim MilitiaAttacks() => new()
    {
        Text = "Militias have attacked US forces in Iraq at least 70 times since 7 October 2023.",
        Speaker = "the report",
        Sources = { Report() },
        Language = "en",
    };

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
