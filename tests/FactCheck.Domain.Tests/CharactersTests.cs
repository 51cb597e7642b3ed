namespace FactCheck.Domain.Tests;

/// <summary>The character table row by row: each row's characters against each kind of field.</summary>
public class CharactersTests
{
    [Theory]
    //          code    prose  line   key
    [InlineData(0x0000, false, false, false)]
    [InlineData(0x001F, false, false, false)]
    [InlineData(0x0009, true,  false, false)]
    [InlineData(0x000A, true,  false, false)]
    [InlineData(0x000D, true,  false, false)]
    [InlineData(0x007F, false, false, false)]
    [InlineData(0x009F, false, false, false)]
    [InlineData(0x200B, false, false, false)]
    [InlineData(0x200C, true,  true,  false)]
    [InlineData(0x200D, true,  true,  false)]
    [InlineData(0x200E, true,  true,  false)]
    [InlineData(0x200F, true,  true,  false)]
    [InlineData(0x2028, true,  false, false)]
    [InlineData(0x2029, true,  false, false)]
    [InlineData(0x202A, false, false, false)]
    [InlineData(0x202E, false, false, false)]
    [InlineData(0x2060, false, false, false)]
    [InlineData(0x2066, false, false, false)]
    [InlineData(0x2069, false, false, false)]
    [InlineData(0xFEFF, false, false, false)]
    [InlineData(0xD800, false, false, false)]
    [InlineData(0xDFFF, false, false, false)]
    [InlineData(0x00A0, true,  true,  true)]
    [InlineData(0x00E9, true,  true,  true)]
    [InlineData(0x1F600, true, true, true)]
    public void Each_character_is_allowed_only_where_the_table_says(int code, bool prose, bool line, bool key)
    {
        // A code point, not a string: a lone surrogate would not survive as a test argument.
        var character = code > 0xFFFF ? char.ConvertFromUtf32(code) : ((char)code).ToString();
        Assert.Equal(
            (prose, line, key),
            (Allowed(character, TextKind.Prose), Allowed(character, TextKind.Line), Allowed(character, TextKind.Key)));
    }

    [Fact]
    public void A_problem_names_the_character_and_where_it_is() =>
        Assert.Equal("must not contain a bidirectional embedding or override (U+202E at position 4)", Characters.Problem("abc\u202Edef", TextKind.Prose));

    [Fact]
    public void A_low_surrogate_before_its_high_one_is_not_a_pair() =>
        Assert.NotNull(Characters.Problem("\uDE00\uD83D", TextKind.Prose));

    [Fact]
    public void Default_limit_settings_are_the_constants_and_make_sense()
    {
        Assert.Equal((Limits.MaxText, Limits.MaxPageSize), (LimitSettings.Default.MaxText, LimitSettings.Default.MaxPageSize));
        Assert.Empty(LimitSettings.Default.Problems());
        Assert.Equal(["Limits:MaxQuote must be at least 1 (got 0)"], new LimitSettings { MaxQuote = 0 }.Problems());
    }

    private static bool Allowed(string value, TextKind kind) => Characters.Problem("a" + value + "b", kind) is null;
}
