namespace FactCheck.Extraction;

/// <summary>
/// The key of a rule-table row: words ('|' between them) of which a text must hold one (ignoring
/// case) for the row's pattern to be tried at all, or <see cref="Digit"/>. Most sentences carry few
/// times and no attribution, and a substring search is far cheaper than a pattern's scan. An empty
/// key means the row is always tried.
/// </summary>
internal static class RuleKeys
{
    /// <summary>The key of a row that cannot match without a digit.</summary>
    public const string Digit = "0-9";

    public static bool Has(string text, string key)
    {
        if (key.Length == 0)
        {
            return true;
        }

        if (key == Digit)
        {
            return text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        }

        foreach (var word in key.AsSpan().Split('|'))
        {
            if (text.AsSpan().Contains(key.AsSpan()[word], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
