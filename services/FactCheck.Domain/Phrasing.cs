namespace FactCheck.Domain;

/// <summary>How both services and the client phrase things people read, so they phrase them alike.</summary>
public static class Phrasing
{
    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string And(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>The detail a claim awaiting <paramref name="parties"/> reads: "awaiting Washington and Baghdad".</summary>
    public static string Awaiting(IReadOnlyList<string> parties) => "awaiting " + And(parties);

    /// <summary>A value cut to <paramref name="max"/> characters with "..." (or "…" when <paramref name="ellipsis"/> says so), for quoting it in a message or a table.</summary>
    public static string Shorten(string value, int max = 60, string ellipsis = "...") =>
        value.Length <= max ? value : value[..(max - ellipsis.Length)] + ellipsis;
}
