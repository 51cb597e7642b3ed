using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>A word that softens a statement, and the tag a claim gets for it.</summary>
public sealed record Hedge(string Words, string Tag);

/// <summary>
/// Hedges, one row per tag: a figure given as approximate or as a bound, a prediction, an
/// expectation, an unconfirmed report, a condition. Each becomes a tag on the claim, so a reviewer
/// can find the claims that only say "about", "at least" or "may".
/// </summary>
internal static class Hedges
{
    /// <summary>What follows a hedge on a figure: a number, a currency sign, or a number word.</summary>
    private const string Figure = @"(?=\s*(?:[$€£]\s?)?\d|\s+(?:several|a\s+dozen|dozens|hundreds|thousands|half|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b)";

    private static readonly (string Tag, Regex Pattern)[] Rows =
    [
        //  tag             words
        ("approximate",    Rx(@"\b(?:approximately|about|around|roughly|some|nearly|almost|an\s+estimated|close\s+to)" + Figure)),
        ("lower-bound",    Rx(@"\b(?:at\s+least|more\s+than|over|upwards\s+of|no\s+fewer\s+than)" + Figure)),
        ("upper-bound",    Rx(@"\b(?:up\s+to|at\s+most|fewer\s+than|less\s+than|no\s+more\s+than)" + Figure)),
        ("speculative",    Rx(@"\b(?:may|might|could|possibly|perhaps)\b")),
        ("expected",       Rx(@"\b(?:(?:is|are)\s+expected\s+to|expected\s+by|likely|is\s+set\s+to|are\s+set\s+to|poised\s+to)\b")),
        ("unconfirmed",    Rx(@"\b(?:reportedly|allegedly|(?:is|are)\s+said\s+to|(?:is|are)\s+reported\s+to|unconfirmed)\b")),
        ("conditional",    Rx(@"\b(?:if|as\s+long\s+as|unless|provided\s+that|on\s+condition\s+that)\b")),
    ];

    /// <summary>The hedges of <paramref name="assertion"/>, one per tag, with the words that made it.</summary>
    public static List<Hedge> Find(string assertion)
    {
        var hedges = new List<Hedge>();
        foreach (var (tag, pattern) in Rows)
        {
            if (pattern.Match(assertion) is { Success: true } match)
            {
                hedges.Add(new Hedge(match.Value.Trim(), tag));
            }
        }

        return hedges;
    }

    /// <summary>Hedges that make a statement a guess rather than a reported fact: a reviewer is told why it was kept.</summary>
    public static bool Softens(Hedge hedge) => hedge.Tag is "speculative" or "expected" or "unconfirmed" or "conditional";

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
