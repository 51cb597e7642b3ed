using FactCheck.Domain;

namespace FactCheck.Domain.Tests;

/// <summary>The API key rules the services and `factcheck keys new` share.</summary>
public sealed class ApiKeysTests
{
    [Theory]
    [InlineData("newsroom", true)]
    [InlineData("fact-desk", true)]
    [InlineData("night_desk", true)]
    [InlineData("Desk2", true)]
    [InlineData("2nd-desk", true)]
    [InlineData("", false)]
    [InlineData("news room", false)]
    [InlineData("news:room", false)]
    [InlineData("news__room", false)]
    [InlineData("newsroom_", false)]
    [InlineData("_newsroom", false)]
    [InlineData("-newsroom", false)]
    [InlineData("newsröom", false)]
    [InlineData("news.room", false)]
    public void A_name_is_one_segment_of_a_setting_in_every_configuration_form(string name, bool valid) =>
        Assert.Equal(valid, ApiKeys.IsValidName(name));

    [Fact]
    public void A_name_has_at_most_64_characters()
    {
        Assert.True(ApiKeys.IsValidName(new string('a', ApiKeys.MaxNameLength)));
        Assert.False(ApiKeys.IsValidName(new string('a', ApiKeys.MaxNameLength + 1)));
    }

    [Theory]
    [InlineData("reader", Role.Reader)]
    [InlineData("EDITOR", Role.Editor)]
    [InlineData(" Verifier ", Role.Verifier)]
    [InlineData("admin", Role.Admin)]
    [InlineData("owner", null)]
    [InlineData("3", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_role_is_read_by_its_name_only(string? text, Role? expected)
    {
        Assert.Equal(expected is not null, ApiKeys.TryParseRole(text, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("s3cret")]
    [InlineData("fck_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG")]
    [InlineData("clé-naïve")]
    [InlineData("")]
    public void The_hash_taken_on_every_call_is_the_hash_configured(string key)
    {
        Span<byte> hash = stackalloc byte[ApiKeys.HashBytes];

        Assert.True(ApiKeys.TryHash(key, hash));
        Assert.Equal(ApiKeys.Sha256Hex(key), Convert.ToHexStringLower(hash));
        Assert.Equal(hash.ToArray(), ApiKeys.ParseSha256Hex(ApiKeys.Sha256Hex(key).ToUpperInvariant()));
    }

    [Fact]
    public void A_key_hashes_as_sha256sum_hashes_it_and_an_overlong_one_not_at_all()
    {
        // `printf '%s' s3cret | sha256sum`, as docs/security.md tells an operator to hash an existing key.
        Assert.Equal("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0", ApiKeys.Sha256Hex("s3cret"));
        Assert.False(ApiKeys.TryHash(new string('k', ApiKeys.MaxKeyLength + 1), stackalloc byte[ApiKeys.HashBytes]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba")]
    [InlineData("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcbadd")]
    [InlineData("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcbaz")]
    public void Anything_but_64_hex_digits_is_no_hash(string text) => Assert.Null(ApiKeys.ParseSha256Hex(text));
}
