using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>A statement that is not settled until named parties say yes: who they are, and the phrase that said so.</summary>
public sealed record Condition(IReadOnlyList<string> Parties, string Phrase);

/// <summary>
/// Conditions: "still needs a final go-ahead from officials in Washington and Baghdad",
/// "requires ratification by the parliaments of A and B", "needs the sign-off of X and Y". The
/// parties are the names after the approval word, split at commas and "and", each stripped of the
/// words that only say who inside a party would speak ("officials in", "the parliaments of", "the").
/// </summary>
internal static class Conditions
{
    private const string Needs = @"(?:still\s+)?(?:requires?|needs?|awaits?|is\s+awaiting|are\s+awaiting|subject\s+to|pending|depends\s+on|hinges\s+on)";
    private const string Approval = @"(?:go-ahead|green\s+light|approval|sign-off|sign\s+off|ratification|consent|endorsement|assent|backing|blessing|permit|permission|licence|license|clearance)";

    /// <summary>Where a list of parties ends: a stop, or a comma that no further name follows ("A, B and C" goes on; ", which" does not).</summary>
    /// <summary>Words that may stand between the names of a list ("the council and, later, the state").</summary>
    private const string Between = @"(?:and|later|then|eventually|finally|subsequently)";

    private const string ListEnd = @"[;:.]|(?<!\b" + Between + @"),(?!\s*(?:and\s+)?(?:(?:by|from)\s+)?(?:the\s+)?(?-i:\p{Lu})|\s*" + Between + @"\s*,)|$";

    /// <summary>The approval words, possibly quoted ("still needs "formal approval" from ...").</summary>
    private const string QuotedApproval = @"[""\u201C]?(?:(?:final|formal|official|last|further|planning|building|environmental)\s+)?" + Approval + @"[""\u201D]?";

    private const string PartiesUntil = @"(?<p>.+?)(?=\s+(?:before|to\s+take|to\s+come|in\s+order|so\s+that|until|within|by\s+the\s+end)\b|" + ListEnd + @")";

    private static readonly (string Condition, Regex Pattern)[] Rows =
    [
        //  condition                                   pattern
        ("needs approval of its plan by X and Y",      Rx(@"\b" + Needs + @"\s+(?:a|an|the)?\s*" + QuotedApproval + @"\s+(?:of|for)\s+(?:its|their|his|her|the)\s+[\w\s-]+?\s+(?:from|by)\s+" + PartiesUntil)),
        ("needs a (final) go-ahead from X and Y",      Rx(@"\b" + Needs + @"\s+(?:a|an|the)?\s*" + QuotedApproval + @"\s+(?:from|by|of)\s+" + PartiesUntil)),
        ("needs X and Y to approve",                   Rx(@"\b" + Needs + @"\s+(?<p>.+?)\s+to\s+(?:approve|ratify|sign\s+off|endorse|agree)\b")),
        ("once approved by X and Y",                   Rx(@"\bonce\s+(?:approved|ratified|endorsed)\s+by\s+(?<p>.+?)(?=" + ListEnd + @")")),
    ];

    /// <summary>Words before a party's name that say who inside it would speak, not who it is.</summary>
    private static readonly Regex PartyPrefix = Rx(@"^(?:(?:\w+\s+)?" + Approval + @"\s+(?:from|by|of)\s+)?(?:(?:from|by)\s+)?(?:both\s+|either\s+)?(?:the\s+)?(?:(?:senior\s+|government\s+)?(?:officials|governments?|parliaments?|legislatures?|leaders|authorities|cabinets?|capitals|regulators)\s+(?:in|of|from)\s+)?(?:the\s+)?(?:in\s+)?");

    /// <summary>Words after a party's name that say who inside it would speak ("Paris and Berlin officials").</summary>
    private static readonly Regex PartySuffix = Rx(@"(?<=\S)\s+(?:officials|governments?|authorities|leaders|ministers|cabinets?)$|\s+and$");

    /// <summary>"regulators in both countries": the role, for each of the two countries the article is about.</summary>
    private static readonly Regex BothCountries = Rx(@"^(?<role>\w+)\s+in\s+both\s+countries$");

    private static readonly Regex OnlyBetween = Rx(@"^" + Between + @"$");

    private static readonly Regex Separator = Rx(@"\s*,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+");

    /// <param name="nationalities">The two nationalities the article is about ("Italian", "Austrian"), for "regulators in both countries"; empty when unknown.</param>
    public static Condition? Find(string assertion, IReadOnlyList<string>? nationalities = null)
    {
        foreach (var (_, pattern) in Rows)
        {
            if (pattern.Match(assertion) is not { Success: true } match)
            {
                continue;
            }

            var parties = Parties(match.Groups["p"].Value, nationalities ?? []);
            if (parties.Count > 0)
            {
                return new Condition(parties, match.Value.Trim());
            }
        }

        return null;
    }

    /// <summary>"officials in Washington and in Baghdad" → Washington, Baghdad.</summary>
    public static List<string> Parties(string phrase, IReadOnlyList<string>? nationalities = null)
    {
        // A distributive prefix ("the parliaments of A and B") belongs to every name after it.
        var parties = new List<string>();
        var parts = Separator.Split(phrase.Trim()).Select(p => p.Trim()).Where(p => p.Length > 0 && !OnlyBetween.IsMatch(p)).ToList();
        if (parts.Count == 2 && !parts[0].Any(char.IsUpper) && char.IsUpper(parts[1][0]) && Regex.IsMatch(phrase, @"^[^,]+,\s*\p{Lu}[^,]*$", RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            // "the telecoms regulator, KTR": a description and the name it goes by are one party.
            parts.RemoveAt(0);
        }

        foreach (var part in parts)
        {
            if (BothCountries.Match(part) is { Success: true } both && nationalities is { Count: 2 })
            {
                parties.AddRange(nationalities.Select(n => $"{n} {both.Groups["role"].Value}"));
                continue;
            }

            var name = PartySuffix.Replace(PartyPrefix.Replace(part, "", 1).Trim(), "").Trim().TrimEnd('.', ',');
            if (name.Length > 0 && !parties.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                parties.Add(name);
            }
        }

        return parties;
    }

    /// <summary>Nationality adjectives ("Italian", "French"); the continent's own is not one country's.</summary>
    private static readonly Regex Nationality = Rx(@"\b(?-i:(?!European\b|African\b|Asian\b|Latin\b)\p{Lu}\p{Ll}+(?:ian|an|ish|ese|ch))\b");

    /// <summary>The first two nationalities an article names: the two countries "both countries" means.</summary>
    public static IReadOnlyList<string> Nationalities(string text)
    {
        var found = new List<string>();
        for (var match = Nationality.Match(text); match.Success && found.Count < 2; match = match.NextMatch())
        {
            if (!found.Contains(match.Value, StringComparer.Ordinal))
            {
                found.Add(match.Value);
            }
        }

        return found;
    }

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
