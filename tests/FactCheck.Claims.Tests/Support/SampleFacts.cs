using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Claims.Tests.Support;

/// <summary>
/// Claims from the project's sample report (../shared/sample-facts.md), in our own words.
/// The report's publisher and URL are unknown; the URL is an example.org placeholder.
/// </summary>
public static class SampleFacts
{
    public const string ReportUrl = "https://example.org/news/us-iraq-withdrawal-agreement";
    public const string Publisher = "Example News (placeholder: real publisher unknown)";

    public static Source Report(string quote = "") => new()
    {
        Url = ReportUrl,
        Title = "US and Iraq agree on troop withdrawal (example source)",
        Publisher = Publisher,
        Quote = quote,
    };

    /// <summary>Fact 1: the agreement, pending go-ahead from Washington and Baghdad.</summary>
    public static Claim Agreement() => new()
    {
        Text = "US and Iraqi diplomats have reached an agreement on withdrawing US troops from Iraq.",
        Speaker = "an unnamed US official",
        Sources = { Report("Only the timing of the announcement is still open, according to a US official.") },
        Status = ClaimStatus.Pending,
        RequiredParties = { "Washington", "Baghdad" },
        Tags = { "iraq", "us-troops", "agreement" },
        Language = "en",
    };

    /// <summary>Fact 3: the last US personnel leave by the end of 2026 (depends on the agreement).</summary>
    public static Claim FinalWithdrawal(string parent) => new()
    {
        Text = "Under the agreement, the last US personnel leave Iraq by the end of 2026.",
        Speaker = "the agreement (as reported)",
        Sources = { Report() },
        Parent = parent,
        DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)),
        Tags = { "iraq", "us-troops", "withdrawal" },
        Language = "en",
    };

    /// <summary>Fact 2: several hundred soldiers leave in September 2025 (depends on the agreement).</summary>
    public static Claim FirstWithdrawal(string parent) => new()
    {
        Text = "Under the agreement, several hundred US soldiers leave Iraq in September 2025.",
        Speaker = "the agreement (as reported)",
        Sources = { Report() },
        Parent = parent,
        DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 9, 30, 23, 59, 59, TimeSpan.Zero)),
        Tags = { "iraq", "us-troops", "withdrawal" },
        Language = "en",
    };

    /// <summary>Fact 6: militia attacks, a lower bound.</summary>
    public static Claim MilitiaAttacks() => new()
    {
        Text = "Militias have attacked US forces in Iraq at least 70 times since 7 October 2023.",
        Speaker = "the report",
        Sources = { Report() },
        Tags = { "iraq", "militias" },
        Language = "en",
    };

    /// <summary>Fact 12: the troop peak during the surge.</summary>
    public static Claim SurgePeak() => new()
    {
        Text = "US troop numbers in Iraq peaked at about 168,000 during the surge.",
        Speaker = "the report",
        Sources = { new Source { Url = "https://example.org/history/iraq-surge", Publisher = "Example Archive", Quote = "about 168,000 troops" } },
        Tags = { "iraq", "history" },
        Language = "en",
    };
}
