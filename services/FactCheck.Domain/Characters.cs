namespace FactCheck.Domain;

/// <summary>What a text field holds, which decides the characters it may contain (<see cref="Characters"/>).</summary>
public enum TextKind
{
    /// <summary>Prose people wrote, quoted as it was: a claim's text, quotes, reasons, notes. Line breaks and tabs belong to it.</summary>
    Prose,

    /// <summary>One line people read: a speaker, a title, a publisher, an official, a status detail, a search query.</summary>
    Line,

    /// <summary>A value compared as a key: party names, request ids, URLs. Two keys that look the same must be the same.</summary>
    Key,
}

/// <summary>
/// The one table of characters a text field may not contain, by <see cref="TextKind"/>. Control
/// characters corrupt logs and terminals; zero-width and bidirectional controls make text display
/// differently from what it is (a "Trojan Source" reordering, or two party names that look the
/// same and are not). The joiners and direction marks U+200C to U+200F are allowed where people
/// read the text: Persian, Urdu and Hindi spell words with ZWNJ and ZWJ, emoji sequences are
/// joined with ZWJ, and Arabic and Hebrew text mixed with Latin needs LRM and RLM; they are
/// refused only in keys. An unpaired UTF-16 surrogate is never text (it cannot arrive over gRPC,
/// whose strings are UTF-8, but an import file's JSON escapes can carry one).
/// </summary>
public static class Characters
{
    private sealed record Rule(string What, int First, int Last, bool Prose, bool Line, bool Key)
    {
        public bool Allowed(TextKind kind) => kind switch
        {
            TextKind.Prose => Prose,
            TextKind.Line => Line,
            _ => Key,
        };
    }

    /// <summary>Characters not listed are allowed everywhere.</summary>
    private static readonly Rule[] Rules =
    [
        //  what                                                  first    last     allowed in: prose  line   key
        new("a tab",                                              0x0009,  0x0009,  Prose: true,  Line: false, Key: false),
        new("a line break",                                       0x000A,  0x000A,  Prose: true,  Line: false, Key: false),
        new("a line break",                                       0x000D,  0x000D,  Prose: true,  Line: false, Key: false),
        new("a control character",                                0x0000,  0x001F,  Prose: false, Line: false, Key: false),
        new("a control character",                                0x007F,  0x009F,  Prose: false, Line: false, Key: false),
        new("a zero-width space",                                 0x200B,  0x200B,  Prose: false, Line: false, Key: false),
        new("a zero-width joiner or non-joiner",                  0x200C,  0x200D,  Prose: true,  Line: true,  Key: false),
        new("a left-to-right or right-to-left mark",              0x200E,  0x200F,  Prose: true,  Line: true,  Key: false),
        new("a line or paragraph separator",                      0x2028,  0x2029,  Prose: true,  Line: false, Key: false),
        new("a bidirectional embedding or override",              0x202A,  0x202E,  Prose: false, Line: false, Key: false),
        new("a word joiner or invisible operator",                0x2060,  0x2064,  Prose: false, Line: false, Key: false),
        new("a bidirectional isolate",                            0x2066,  0x2069,  Prose: false, Line: false, Key: false),
        new("a byte-order mark (zero-width no-break space)",      0xFEFF,  0xFEFF,  Prose: false, Line: false, Key: false),
        new("an unpaired surrogate (not a character)",            0xD800,  0xDFFF,  Prose: false, Line: false, Key: false),
    ];

    /// <summary>
    /// Why <paramref name="value"/> may not be a <paramref name="kind"/> field ("contains a
    /// bidirectional embedding or override (U+202E) at position 12"), or null when it may. The
    /// first row that covers a character decides; positions count UTF-16 code units from 1.
    /// </summary>
    public static string? Problem(string value, TextKind kind)
    {
        for (var i = 0; i < value.Length; i++)
        {
            int code = value[i];
            if (code is >= 0x20 and < 0x7F)
            {
                // Printable ASCII, most of any text: no rule covers it. (A CreateClaim profile had this check at 3 % of the call.)
                continue;
            }

            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                // A surrogate pair is one character above U+FFFF; none of those is refused.
                i++;
                continue;
            }

            if (RuleFor(code) is { } rule && !rule.Allowed(kind))
            {
                return $"must not contain {rule.What} (U+{code:X4} at position {i + 1})";
            }
        }

        return null;
    }

    /// <summary>Adds a violation for <paramref name="path"/> when <paramref name="value"/> holds a character its kind refuses.</summary>
    /// <summary>The first rule whose range holds <paramref name="code"/>, or null (a loop, not a lambda: this runs per character).</summary>
    private static Rule? RuleFor(int code)
    {
        foreach (var rule in Rules)
        {
            if (code >= rule.First && code <= rule.Last)
            {
                return rule;
            }
        }

        return null;
    }

    public static void Check(string value, TextKind kind, string path, List<FieldViolation> violations)
    {
        if (Problem(value, kind) is { } problem)
        {
            violations.Add(new(path, problem));
        }
    }
}
