using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FactCheck.Domain.Matching;

/// <summary>
/// What similar-claim matching reads of a text looked for. <see cref="Normalise"/> turns a copied
/// social-media post into plain words (links go; handles, hashtags and the author stay as words:
/// on the CheckThat! training split they help both sides). <see cref="Terms"/> gives the words that
/// count for lexical matching, of a text and of a stored claim alike: folded
/// to lower case without accents (as both databases' full-text indexes fold them), without common
/// English function words, each once, in order of first appearance.
/// </summary>
public static partial class MatchText
{
    /// <summary>At most this many terms of a text go into the full-text query: a long post's extra words add cost, not precision.</summary>
    public const int MaxQueryTerms = 64;

    /// <summary>
    /// The text as matching reads it. A copied post's trailer "— Name (@handle) Month D, YYYY" is cut
    /// and the name kept at the end (who posted says what the post is about); links go; @handles and
    /// #hashtags become their words ("@RepAdamSchiff" → "Rep Adam Schiff").
    /// </summary>
    public static string Normalise(string text)
    {
        var author = "";
        var s = PostTrailer().Replace(text, m =>
        {
            author = m.Groups["name"].Value.Trim();
            return "";
        });
        s = Link().Replace(s, " ");
        s = Handle().Replace(s, m => " " + SplitCamelCase(m.Groups[1].Value) + " ");
        s = HashTag().Replace(s, m => " " + SplitCamelCase(m.Groups[1].Value) + " ");
        if (author.Length > 0)
        {
            s += " " + author;
        }

        return Spaces().Replace(s, " ").Trim();
    }

    /// <summary>A claim's sources' titles as one text, each once, or "" when it has none: what matching reads of them.</summary>
    public static string Titles(ClaimContent content) =>
        string.Join(". ", content.Sources.Select(s => s.Title.Trim()).Where(t => t.Length > 0).Distinct());

    /// <summary>The text's terms: folded, function words and one-letter words dropped, each once, in order.</summary>
    public static IReadOnlyList<string> Terms(string normalised)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match word in Word().Matches(Fold(normalised)))
        {
            var term = word.Value;
            if (term.Length > 1 && !StopWords.Contains(term) && seen.Add(term))
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    /// <summary>Lower case without diacritics ("Élysée" → "elysee"), as SQLite's unicode61 remove_diacritics tokenizer and PostgreSQL's unaccent fold words.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(ch);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string SplitCamelCase(string word) => CamelBoundary().Replace(word.Replace('_', ' '), " ");

    // "— Name (@handle) January 6, 2020" at the end of a copied post (an em or en dash).
    [GeneratedRegex(@"\s*[—–]\s*(?<name>[^—–]*?)\s*\(@\w+\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")]
    private static partial Regex PostTrailer();

    [GeneratedRegex(@"(https?://|www\.|pic\.twitter\.com/)\S*", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<![\w@])@(\w+)")]
    private static partial Regex Handle();

    [GeneratedRegex(@"#(\w+)")]
    private static partial Regex HashTag();

    // "RepAdamSchiff" → "Rep Adam Schiff", "NATOSummit" → "NATO Summit", "Covid19" → "Covid 19".
    [GeneratedRegex(@"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")]
    private static partial Regex CamelBoundary();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // Runs of letters and digits, as both full-text indexes split words.
    [GeneratedRegex(@"[\p{L}\p{N}\p{Co}]+")]
    private static partial Regex Word();

    // English function words (the NLTK list), and what copied posts leave behind.
    private static readonly HashSet<string> StopWords = new(
        ("i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself "
        + "they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having "
        + "do does did doing a an the and but if or because as until while of at by for with about against between into through during "
        + "before after above below to from up down in out on off over under again further then once here there when where why how all any "
        + "both each few more most other some such no nor not only own same so than too very s t can will just don should now d ll m o re ve y "
        + "ain aren couldn didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn "
        + "rt amp via pic twitter com https http co www").Split(' '),
        StringComparer.Ordinal);
}
