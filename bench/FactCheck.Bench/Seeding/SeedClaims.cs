using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Bench.Seeding;

/// <summary>
/// Deterministic claims of realistic size (a 200–300 character text, a speaker, one or two
/// sources with a title and quote, two or three tags, a due time, in the future, on a third of them): claim i is
/// the same in every run. Three in ten are PENDING, the rest UNVERIFIED; three in ten carry the
/// tag "iraq", so the status+tag listing (UNVERIFIED and "iraq") matches about a fifth of them.
/// </summary>
public static class SeedClaims
{
    public const string FilterTag = "iraq";

    /// <summary>Words of <see cref="FullTextQuery"/> appear in about one claim in eight.</summary>
    public const string FullTextQuery = "withdrawal timetable";

    private static readonly string[] Speakers =
        ["an unnamed US official", "the Iraqi prime minister's office", "a Pentagon spokesperson", "the coalition command", "a member of parliament",
         "the State Department", "a militia spokesperson", "the Kurdistan regional government", "a NATO diplomat", "the defence ministry"];

    private static readonly string[] Subjects =
        ["US troops", "coalition forces", "the training mission", "the embassy staff", "advisers at Ain al-Asad", "the air-defence units", "the Erbil garrison"];

    private static readonly string[] Actions =
        ["are to leave", "will be reduced", "are to be moved", "will remain", "are to hand over their bases", "will stop combat operations"];

    private static readonly string[] Times =
        ["by September 2025", "by the end of 2026", "within twelve months", "before the elections", "after the talks resume", "once the agreement is signed"];

    private static readonly string[] Details =
        ["according to a draft seen by reporters", "under the withdrawal timetable agreed in the talks", "pending final approval from both governments",
         "as part of a phased plan that keeps some advisers in place", "while the security situation allows it", "unless militia attacks resume"];

    private static readonly string[] Tags = ["us-troops", "agreement", "security", "militias", "politics", "budget", "turkey", "syria"];

    private static readonly string[] Publishers = ["Example News", "Daily Example", "Example Wire", "The Example Times", "Example Radio"];

    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Due times lie in the future: with them from 2026 on, the verification service's overdue
    // sweep found about 130,000 of 1,000,000 claims past due when the verdict scenario started it,
    // and the verdicts measured waited behind those deliveries (p50 57 ms, p99 832 ms, against
    // 5 and 24 ms at 20,000 claims). That backlog is a scenario of its own, not verdict latency.
    private static readonly DateTimeOffset DueEpoch = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"seed-{i:D7}");

    public static string Name(int i) => $"claims/{Id(i)}";

    public static bool IsPending(int i) => i % 10 < 3;

    /// <summary>Whether seed claim <paramref name="i"/> has a due time (a third of them do), without building the claim.</summary>
    public static bool HasDueTime(int i) => i % 3 == 0;

    public static Api.Claim Claim(int i)
    {
        var random = new Random(i);
        string Pick(string[] words) => words[random.Next(words.Length)];
        var detail = i % 8 == 0 ? Details[1] : Pick(Details);
        var claim = new Api.Claim
        {
            Text = $"{Capitalize(Pick(Subjects))} {Pick(Actions)} {Pick(Times)}, {detail}; officials said the figure of {500 + random.Next(5000)} personnel "
                + $"was discussed at meeting {i} and that the plan would be reviewed again in {2026 + random.Next(3)}.",
            Speaker = Pick(Speakers),
            Language = "en",
        };
        var sources = 1 + random.Next(2);
        for (var s = 0; s < sources; s++)
        {
            var publisher = Pick(Publishers);
            claim.Sources.Add(new Api.Source
            {
                Url = string.Create(CultureInfo.InvariantCulture, $"https://example.org/news/{i}/{s}"),
                Title = $"{publisher}: {Pick(Subjects)} and the withdrawal plan",
                Publisher = publisher,
                PublishedTime = Timestamp.FromDateTimeOffset(Epoch.AddMinutes(-i)),
                Quote = $"\"{Capitalize(Pick(Subjects))} {Pick(Actions)} {Pick(Times)},\" the report quoted {Pick(Speakers)} as saying.",
            });
        }

        if ((i / 10) % 10 < 3)
        {
            claim.Tags.Add(FilterTag);
        }

        foreach (var tag in Tags.OrderBy(_ => random.Next()).Take(2))
        {
            claim.Tags.Add(tag);
        }

        if (HasDueTime(i))
        {
            claim.DueTime = Timestamp.FromDateTimeOffset(DueEpoch.AddHours(i % 20_000));
        }

        return claim;
    }

    private static string Capitalize(string words) => char.ToUpperInvariant(words[0]) + words[1..];
}
