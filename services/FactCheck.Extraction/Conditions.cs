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
    private const string Needs = @"(?:still\s+)?(?:requires?|needs?|awaits?|is\s+awaiting|are\s+awaiting|is\s+subject\s+to|are\s+subject\s+to|remains\s+subject\s+to|pending|depends\s+on|hinges\s+on)";
    private const string Approval = @"(?:go-ahead|green\s+light|approval|sign-off|sign\s+off|ratification|consent|endorsement|assent|backing|blessing|permit|permission|licence|license|clearance)";

    /// <summary>Where a list of parties ends: a stop, or a comma that no further name follows ("A, B and C" goes on; ", which" does not).</summary>
    private const string ListEnd = @"[;:.]|,(?!\s*(?:and\s+)?(?:the\s+)?(?-i:\p{Lu}))|$";

    private static readonly (string Condition, Regex Pattern)[] Rows =
    [
        //  condition                                   pattern
        ("needs a (final) go-ahead from X and Y",      Rx(@"\b" + Needs + @"\s+(?:a|an|the)?\s*(?:final|formal|official|last|further|planning|building|environmental)?\s*" + Approval + @"\s+(?:from|by|of)\s+(?<p>.+?)(?=\s+(?:before|to\s+take|to\s+come|in\s+order|so\s+that|until|within|by\s+the)\b|" + ListEnd + @")")),
        ("needs X and Y to approve",                   Rx(@"\b" + Needs + @"\s+(?<p>.+?)\s+to\s+(?:approve|ratify|sign\s+off|endorse|agree)\b")),
        ("once approved by X and Y",                   Rx(@"\bonce\s+(?:approved|ratified|endorsed)\s+by\s+(?<p>.+?)(?=" + ListEnd + @")")),
    ];

    /// <summary>Words before a party's name that say who inside it would speak, not who it is.</summary>
    private static readonly Regex PartyPrefix = Rx(@"^(?:both\s+|either\s+)?(?:the\s+)?(?:(?:senior\s+|government\s+)?(?:officials|governments?|parliaments?|legislatures?|leaders|authorities|cabinets?|capitals|regulators)\s+(?:in|of|from)\s+)?(?:the\s+)?(?:in\s+)?");

    private static readonly Regex Separator = Rx(@"\s*,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+");

    public static Condition? Find(string assertion)
    {
        foreach (var (_, pattern) in Rows)
        {
            if (pattern.Match(assertion) is not { Success: true } match)
            {
                continue;
            }

            var parties = Parties(match.Groups["p"].Value);
            if (parties.Count > 0)
            {
                return new Condition(parties, match.Value.Trim());
            }
        }

        return null;
    }

    /// <summary>"officials in Washington and in Baghdad" → Washington, Baghdad.</summary>
    public static List<string> Parties(string phrase)
    {
        // A distributive prefix ("the parliaments of A and B") belongs to every name after it.
        var parties = new List<string>();
        foreach (var part in Separator.Split(phrase.Trim()))
        {
            var name = PartyPrefix.Replace(part.Trim(), "", 1).Trim().TrimEnd('.', ',');
            if (name.Length > 0 && !parties.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                parties.Add(name);
            }
        }

        return parties;
    }

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
