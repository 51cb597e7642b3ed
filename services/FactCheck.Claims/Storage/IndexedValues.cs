
namespace FactCheck.Claims.Storage;

/// <summary>The values the claims store derives from a claim for its indexed columns and search.</summary>
public static class IndexedValues
{
    /// <summary>Lower-cased form used for case-insensitive exact matches (speaker, publisher, tag).</summary>
    public static string Fold(string value) => value.Trim().ToLowerInvariant();

    /// <summary>Sort key of a due time; claims without one sort last.</summary>
    public static long DueSortKey(DateTimeOffset? due) => due?.UtcTicks ?? long.MaxValue;

    /// <summary>Text indexed for full-text search beside the claim's own (the "quotes" column): every source's title and quote.</summary>
    public static string Quotes(ClaimContent content) =>
        string.Join("\n", content.Sources.SelectMany(s => new[] { s.Title, s.Quote }).Where(t => !string.IsNullOrEmpty(t)));

    /// <summary>
    /// Splits a user's search into words that must all match, keeping only letters, digits and
    /// inner punctuation so no word can be read as query syntax by either database; a trailing
    /// '*' asks for prefix matching.
    /// </summary>
    public static IReadOnlyList<(string Word, bool Prefix)> SearchWords(string query) =>
        query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => (
                Word: new string(word.Where(ch => char.IsLetterOrDigit(ch) || ch is '-' or '.' or ',').ToArray()).Trim('-', '.', ','),
                Prefix: word.EndsWith('*')))
            .Where(t => t.Word.Length > 0)
            .ToList();
}
