using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FactCheck.Domain.Matching;

/// <summary>
/// What similar-claim matching reads of a text, the same for a stored claim and for the text
/// looked for. <see cref="Normalise"/> sets aside what says nothing about the claim itself: links,
/// @handles, and the "— Name (@handle) Month D, YYYY" trailer a copied post ends with; a #HashTag
/// becomes its words. <see cref="Terms"/> gives the words that count for lexical matching: folded
/// to lower case without accents (as both databases' full-text indexes fold them), without common
/// English function words, each once, in order of first appearance.
/// </summary>
public static partial class MatchText
{
    /// <summary>At most this many terms of a text go into the full-text query: a long post's extra words add cost, not precision.</summary>
    public const int MaxQueryTerms = 32;

    public static string Normalise(string text)
    {
        var s = PostTrailer().Replace(text, "");
        s = Link().Replace(s, " ");
        s = Handle().Replace(s, " ");
        s = HashTag().Replace(s, m => " " + SplitCamelCase(m.Groups[1].Value) + " ");
        return Spaces().Replace(s, " ").Trim();
    }

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

    private static string SplitCamelCase(string tag) => CamelBoundary().Replace(tag, " ");

    // "— Name (@handle) January 6, 2020" at the end of a copied post (an em or en dash, or "--").
    [GeneratedRegex(@"\s*(—|–|--)[^—–]*\(@\w+\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")]
    private static partial Regex PostTrailer();

    [GeneratedRegex(@"(https?://|www\.|pic\.twitter\.com/)\S*", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<![\w@])@\w+")]
    private static partial Regex Handle();

    [GeneratedRegex(@"#(\w+)")]
    private static partial Regex HashTag();

    [GeneratedRegex(@"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})|_")]
    private static partial Regex CamelBoundary();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // Letters and digits, with inner apostrophes and hyphens split off as both indexes split them.
    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself",
        "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
        "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
        "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
        "you", "your", "yours", "yourself", "yourselves", "s", "t", "don", "ll", "re", "ve", "via", "amp", "rt",
    };
}
