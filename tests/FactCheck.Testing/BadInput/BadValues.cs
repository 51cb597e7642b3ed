using System.Text;
using FactCheck.Domain;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Testing.BadInput;

/// <summary>One bad value for a field: how a row names it, and the value.</summary>
public sealed record BadValue<T>(string Description, T Value);

/// <summary>
/// The bad values every service's bad-input table sends, by kind of field. Written out here
/// rather than read from the service's tables (<see cref="Characters"/>, <see cref="Limits"/>'
/// patterns), so a rule that goes missing there fails a row here.
/// </summary>
public static class BadValues
{
    private static readonly TextKind[] All = [TextKind.Prose, TextKind.Line, TextKind.Key];
    private static readonly TextKind[] LineAndKey = [TextKind.Line, TextKind.Key];
    private static readonly TextKind[] KeyOnly = [TextKind.Key];

    /// <summary>Characters a text field may not hold, and the kinds of field that refuse each.</summary>
    private static readonly (string What, string Character, TextKind[] RefusedIn)[] CharacterCases =
    [
        //  what                                      character   refused in
        ("a NUL (U+0000)",                            "\u0000",   All),
        ("an escape (U+001B)",                        "\u001B",   All),
        ("a DEL (U+007F)",                            "\u007F",   All),
        ("a C1 control, NEL (U+0085)",                "\u0085",   All),
        ("a tab",                                     "\t",       LineAndKey),
        ("a line feed",                               "\n",       LineAndKey),
        ("a carriage return",                         "\r",       LineAndKey),
        ("a line separator (U+2028)",                 "\u2028",   LineAndKey),
        ("a zero-width space (U+200B)",               "\u200B",   All),
        ("a zero-width non-joiner (U+200C)",          "\u200C",   KeyOnly),
        ("a zero-width joiner (U+200D)",              "\u200D",   KeyOnly),
        ("a left-to-right mark (U+200E)",             "\u200E",   KeyOnly),
        ("a right-to-left mark (U+200F)",             "\u200F",   KeyOnly),
        ("a left-to-right embedding (U+202A)",        "\u202A",   All),
        ("a right-to-left override (U+202E)",         "\u202E",   All),
        ("a word joiner (U+2060)",                    "\u2060",   All),
        ("a left-to-right isolate (U+2066)",          "\u2066",   All),
        ("a pop directional isolate (U+2069)",        "\u2069",   All),
        ("a byte-order mark (U+FEFF)",                "\uFEFF",   All),
    ];

    /// <summary>Characters every kind of field takes, for the rows that show the rules refuse no more than they say.</summary>
    public static IReadOnlyList<BadValue<string>> AllowedEverywhere { get; } =
    [
        new("Arabic script", "واشنطن"),
        new("an emoji above U+FFFF", "claim \U0001F600"),
        new("a no-break space", "a\u00A0b"),
    ];

    /// <summary>
    /// A text field's bad values: one character over <paramref name="max"/>, every character its
    /// <paramref name="kind"/> refuses (inside the value, so trimming cannot remove it), and, for a
    /// required field, nothing but spaces.
    /// </summary>
    public static IEnumerable<BadValue<string>> Text(TextKind kind, int max, bool required = false)
    {
        yield return new($"{max + 1} characters", new string('x', max + 1));
        foreach (var (what, character, refusedIn) in CharacterCases)
        {
            if (refusedIn.Contains(kind))
            {
                yield return new($"with {what}", "ab" + character + "cd");
            }
        }

        if (required)
        {
            yield return new("only spaces", "   ");
        }
    }

    /// <summary>Characters a field of <paramref name="kind"/> accepts although other kinds refuse them.</summary>
    public static IEnumerable<BadValue<string>> AllowedIn(TextKind kind) =>
        CharacterCases.Where(c => !c.RefusedIn.Contains(kind)).Select(c => new BadValue<string>($"with {c.What}", "ab" + c.Character + "cd"));

    /// <summary>Byte sequences that are not UTF-8, for requests written byte by byte.</summary>
    public static IReadOnlyList<BadValue<byte[]>> NotUtf8 { get; } =
    [
        new("a stray byte 0xFF", [0xFF]),
        new("a lone continuation byte 0x80", [0x80]),
        new("an overlong '/' (C0 AF)", [0xC0, 0xAF]),
        new("an encoded lone surrogate U+D800 (ED A0 80)", [0xED, 0xA0, 0x80]),
        new("a truncated euro sign (E2 82)", [0xE2, 0x82]),
    ];

    /// <summary>URLs a URL field refuses, beyond the length and character rows of <see cref="Text"/>.</summary>
    public static IReadOnlyList<BadValue<string>> Urls { get; } =
    [
        new("ftp scheme", "ftp://example.org/statement"),
        new("javascript scheme", "javascript:alert(1)"),
        new("data scheme", "data:text/html,<b>hi</b>"),
        new("file scheme", "file:///etc/passwd"),
        new("mailto scheme", "mailto:desk@example.org"),
        new("relative path", "/statements/1"),
        new("no host", "https://"),
        new("no scheme", "example.org/statement"),
        new("a space in the host", "https://exa mple.org/"),
        new(">2000 characters", "https://example.org/" + new string('u', Limits.MaxUrl)),
        new("a right-to-left override in the path", "https://example.org/\u202Efdp.exe"),
        new("a NUL in the path", "https://example.org/a\u0000b"),
        new("a zero-width space in the host", "https://exa\u200Bmple.org/"),
    ];

    /// <summary>Values that are not a claim name "claims/{claim_id}"; <paramref name="required"/> adds the empty one.</summary>
    public static IEnumerable<BadValue<string>> ClaimNames(bool required)
    {
        if (required)
        {
            yield return new("empty", "");
        }

        yield return new("a bare id", "agreement");
        yield return new("no id", "claims/");
        yield return new("upper case", "claims/Agreement");
        yield return new("a nested name", "claims/agreement/verdicts/1");
        yield return new("another collection", "verdicts/agreement");
        yield return new("a 64-character id", "claims/a" + new string('b', 63));
        yield return new("an id starting with a digit", "claims/1abc");
        yield return new("a NUL in the id", "claims/agree\u0000ment");
        yield return new("a right-to-left override in the id", "claims/\u202Etnemeerga");
    }

    /// <summary>Timestamps outside what google.protobuf.Timestamp allows (0001-01-01 to 9999-12-31, nanos 0 to 999,999,999).</summary>
    public static IReadOnlyList<BadValue<Timestamp>> Timestamps { get; } =
    [
        new("after 9999-12-31", new Timestamp { Seconds = 253_402_300_800 }),
        new("before 0001-01-01", new Timestamp { Seconds = -62_135_596_801 }),
        new("negative nanos", new Timestamp { Seconds = 1_700_000_000, Nanos = -1 }),
        new("nanos of a whole second", new Timestamp { Seconds = 1_700_000_000, Nanos = 1_000_000_000 }),
        new("long.MaxValue seconds", new Timestamp { Seconds = long.MaxValue }),
    ];

    /// <summary>Page sizes refused (AIP-158: negative; 0 means the default and a larger one is lowered).</summary>
    public static IReadOnlyList<BadValue<int>> PageSizes { get; } = [new("-1", -1), new("int.MinValue", int.MinValue)];

    /// <summary>Tokens no service issued, whatever the request.</summary>
    public static IReadOnlyList<BadValue<string>> ForeignPageTokens { get; } =
    [
        new("not base64", "not a token!"),
        new("base64 of nothing useful", Base64Url("hello")),
        new("an empty JSON object", Base64Url("{}")),
        new("JSON of the wrong shape", Base64Url("[1,2,3]")),
        new("another token version", Base64Url("""{"V":2,"F":"00","K":[1]}""")),
        new("a position of the wrong length", Base64Url("""{"V":1,"F":"00","K":[1,2,3]}""")),
        new("a forged fingerprint", Base64Url("""{"V":1,"F":"0123456789ABCDEF0123456789ABCDEF","K":[1]}""")),
        new("a forged two-part fingerprint", Base64Url("""{"V":1,"F":"0123456789ABCDEF0123456789ABCDEF","K":[1,1]}""")),
        new("a huge token", new string('A', 100_000)),
    ];

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
