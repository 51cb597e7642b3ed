using System.Globalization;
using System.Text.Json;
using FactCheck.Extraction;

namespace FactCheck.Testing.Extraction;

/// <summary>A share of a count, printed as "0.93 (14/15)".</summary>
public readonly record struct Ratio(int Hits, int Total)
{
    public double Value => Total == 0 ? 1 : (double)Hits / Total;

    public override string ToString() => $"{Value:0.00} ({Hits}/{Total})";
}

/// <summary>
/// What the score compares of one proposal, from the proposer itself (<see cref="Of"/>) or from a
/// claim of the file `factcheck extract --output json` writes (<see cref="FromImportFile"/>), so
/// the figures of either are the same figures.
/// </summary>
public sealed record ScoredProposal(string Id, string Quote, string Speaker, IReadOnlyList<string> RequiredParties, DateOnly? Due, string? DuePhrase, string? ParentId)
{
    public static ScoredProposal Of(ProposedClaim p) => new(p.Id, p.Quote, p.Speaker, p.RequiredParties, p.Due?.Date, p.Due?.Phrase, p.ParentId);

    /// <summary>
    /// The claims of an import file, in order: the quote is the first source's, the due date that
    /// of the due time (written at the end of its day, UTC), the parent the id it names.
    /// </summary>
    public static List<ScoredProposal> FromImportFile(JsonElement file) =>
        file.GetProperty("claims").EnumerateArray().Select(c => new ScoredProposal(
            c.GetProperty("id").GetString()!,
            c.GetProperty("sources")[0].TryGetProperty("quote", out var quote) ? quote.GetString()! : "",
            c.TryGetProperty("speaker", out var speaker) ? speaker.GetString()! : "",
            c.TryGetProperty("requiredParties", out var parties) ? parties.EnumerateArray().Select(p => p.GetString()!).ToList() : [],
            c.TryGetProperty("due", out var due) ? DateOnly.FromDateTime(DateTimeOffset.Parse(due.GetString()!, CultureInfo.InvariantCulture).UtcDateTime) : null,
            null,
            c.TryGetProperty("parent", out var parent) ? parent.GetString() : null)).ToList();
}

/// <summary>
/// How the proposals of one or more articles compare with their labels. A label is matched by the
/// first unmatched proposal whose quote holds the label's quote; precision counts proposals that
/// match a label, recall labels that are matched. Speaker, parties, due date and parent are then
/// compared on the matched pairs only, each on the labels that have one (parties on the conditional
/// claims, due dates on the time-bound ones, parents on the dependent ones).
/// </summary>
public sealed class ExtractionScore
{
    private readonly List<string> _misses = [];

    public int Proposed { get; private set; }

    public int Labelled { get; private set; }

    public int Matched { get; private set; }

    public int SpeakerRight { get; private set; }

    public int Conditional { get; private set; }

    public int PartiesRight { get; private set; }

    /// <summary>Matched claims without required parties in the labels that were proposed with some.</summary>
    public int PartiesInvented { get; private set; }

    public int TimeBound { get; private set; }

    public int DueRight { get; private set; }

    /// <summary>Matched claims without a due date in the labels that were proposed with one.</summary>
    public int DueInvented { get; private set; }

    public int Dependent { get; private set; }

    public int ParentRight { get; private set; }

    public int ParentInvented { get; private set; }

    public Ratio Precision => new(Matched, Proposed);

    public Ratio Recall => new(Matched, Labelled);

    public Ratio Speaker => new(SpeakerRight, Matched);

    public Ratio Parties => new(PartiesRight, Conditional);

    public Ratio Due => new(DueRight, TimeBound);

    public Ratio Parent => new(ParentRight, Dependent);

    /// <summary>Every figure on two lines, as the tests print them and docs/extraction.md quotes them.</summary>
    public string Figures =>
        $"labelled claims {Labelled}, proposed {Proposed}, matched {Matched}; precision {Precision}, recall {Recall}\n"
        + $"speaker {Speaker}, required parties {Parties} (invented on {PartiesInvented}), due date {Due} (invented on {DueInvented}), parent {Parent} (invented on {ParentInvented})";

    /// <summary>Every disagreement, one line each, for the test's output.</summary>
    public IReadOnlyList<string> Misses => _misses;

    public void Add(string article, IReadOnlyList<ProposedClaim> proposals, IReadOnlyList<LabelledClaim> labels) =>
        Add(article, proposals.Select(ScoredProposal.Of).ToList(), labels);

    public void Add(string article, IReadOnlyList<ScoredProposal> proposals, IReadOnlyList<LabelledClaim> labels)
    {
        Proposed += proposals.Count;
        Labelled += labels.Count;
        var matchOf = new Dictionary<LabelledClaim, ScoredProposal>();
        var used = new HashSet<ScoredProposal>(ReferenceEqualityComparer.Instance);
        foreach (var label in labels)
        {
            var proposal = proposals.FirstOrDefault(p => !used.Contains(p) && p.Quote.Contains(label.Quote, StringComparison.Ordinal));
            if (proposal is null)
            {
                _misses.Add($"{article}: not proposed: \"{label.Quote}\"");
                continue;
            }

            used.Add(proposal);
            matchOf[label] = proposal;
        }

        foreach (var extra in proposals.Where(p => !used.Contains(p)))
        {
            _misses.Add($"{article}: proposed but not labelled: \"{extra.Quote}\"");
        }

        var labelByQuote = labels.ToDictionary(l => l.Quote, StringComparer.Ordinal);
        foreach (var (label, proposal) in matchOf)
        {
            Matched++;
            Compare(article, label, "speaker", SameName(label.Speaker, proposal.Speaker), proposal.Speaker, label.Speaker, () => SpeakerRight++);

            var partiesSame = label.RequiredParties.Count == proposal.RequiredParties.Count
                && label.RequiredParties.Zip(proposal.RequiredParties).All(p => SameName(p.First, p.Second));
            if (label.RequiredParties.Count > 0)
            {
                Conditional++;
                Compare(article, label, "parties", partiesSame, string.Join(", ", proposal.RequiredParties), string.Join(", ", label.RequiredParties), () => PartiesRight++);
            }
            else if (proposal.RequiredParties.Count > 0)
            {
                PartiesInvented++;
                _misses.Add($"{article}: \"{label.Quote}\": parties {string.Join(", ", proposal.RequiredParties)} where the label has none");
            }

            if (label.Due is { } due)
            {
                TimeBound++;
                Compare(article, label, "due", proposal.Due == due, proposal.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), () => DueRight++);
            }
            else if (proposal.Due is { } invented)
            {
                DueInvented++;
                _misses.Add($"{article}: \"{label.Quote}\": due {invented:yyyy-MM-dd}{(proposal.DuePhrase is { } phrase ? $" (\"{phrase}\")" : "")} where the label has none");
            }

            var expectedParent = label.Parent is { } parentQuote && matchOf.TryGetValue(labelByQuote[parentQuote], out var parent) ? parent.Id : null;
            if (label.Parent is not null)
            {
                Dependent++;
                Compare(article, label, "parent", expectedParent is not null && proposal.ParentId == expectedParent, proposal.ParentId ?? "none", expectedParent ?? "(parent not proposed)", () => ParentRight++);
            }
            else if (proposal.ParentId is not null)
            {
                ParentInvented++;
                _misses.Add($"{article}: \"{label.Quote}\": parent {proposal.ParentId} where the label has none");
            }
        }
    }

    /// <summary>Names compared as people read them: case, apostrophes, a leading article and spacing aside.</summary>
    public static bool SameName(string a, string b) => Normal(a) == Normal(b);

    private static string Normal(string name)
    {
        var n = string.Join(' ', name.Replace('\u2019', '\'').Trim().TrimEnd('.', ',').ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var article in new[] { "the ", "a ", "an " })
        {
            if (n.StartsWith(article, StringComparison.Ordinal))
            {
                return n[article.Length..];
            }
        }

        return n;
    }

    private void Compare(string article, LabelledClaim label, string what, bool same, string got, string expected, Action right)
    {
        if (same)
        {
            right();
        }
        else
        {
            _misses.Add($"{article}: \"{label.Quote}\": {what} '{got}', label '{expected}'");
        }
    }
}
