using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>
/// Statements that hang on another: "under the agreement", "according to the deal". The cue names
/// an agreement; the statement's parent is the claim that introduced it, the first earlier claim
/// that mentions an agreement of the same family and hangs on nothing itself.
/// </summary>
internal static class Dependencies
{
    /// <summary>Words for one agreement: "the deal" and "the truce" may name what "an agreement" introduced.</summary>
    private static readonly string[] Agreements = ["agreement", "deal", "accord", "pact", "treaty", "ceasefire", "truce", "plan", "arrangement", "settlement"];

    /// <summary>The words of <see cref="Agreements"/> as one alternation, for the other tables' patterns.</summary>
    public static readonly string NounPattern = "(?:" + string.Join('|', Agreements) + ")";

    private static readonly (string Cue, Regex Pattern)[] Cues =
    [
        //  cue                      pattern
        ("under the deal",           Rx(@"\b(?:under|as\s+part\s+of|in\s+line\s+with)\s+the\s+(?<n>" + NounPattern + @")\b")),
        ("according to the deal",    Rx(@"\baccording\s+to\s+the\s+(?<n>" + NounPattern + @")\b")),
        ("the deal also provides",   Rx(@"\bthe\s+(?<n>" + NounPattern + @")\s+(?:also\s+)?(?:provides|foresees|stipulates|says)\b")),
    ];

    private static readonly Regex Mention = Rx(@"\b" + NounPattern + @"s?\b");

    /// <summary>Whether <paramref name="phrase"/> names an agreement ("the deal").</summary>
    public static bool IsAgreement(string phrase) => Agreement.IsMatch(phrase.Trim());

    private static readonly Regex Agreement = Rx(@"^the\s+" + NounPattern + "$");

    /// <summary>The cue in <paramref name="sentence"/> that makes it hang on an agreement, or null.</summary>
    public static string? Cue(string sentence)
    {
        foreach (var (_, pattern) in Cues)
        {
            if (pattern.Match(sentence) is { Success: true } match)
            {
                return match.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The index of the claim a dependent claim hangs on: the first of <paramref name="earlier"/>
    /// (quotes of claims already proposed, in article order, with whether each hangs on another)
    /// that mentions an agreement without depending on one; -1 when there is none.
    /// </summary>
    public static int Parent(IReadOnlyList<(string Quote, bool Dependent)> earlier)
    {
        for (var i = 0; i < earlier.Count; i++)
        {
            if (!earlier[i].Dependent && Mention.IsMatch(earlier[i].Quote))
            {
                return i;
            }
        }

        return -1;
    }

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
