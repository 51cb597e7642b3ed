using FactCheck.Domain;
using FactCheck.ServiceDefaults;
using FactCheck.Testing;
using Microsoft.Extensions.Configuration;

namespace FactCheck.Claims.Tests.Grpc;

/// <summary>
/// The key settings both services read (<see cref="ConfiguredKeys"/>): by name, with only the
/// key's hash. A wrong setting stops the start with a message that names it and shows no key.
/// </summary>
public sealed class KeyConfigurationTests
{
    private static readonly string NewsroomHash = ApiKeys.Sha256Hex(TestKeys.Newsroom.Key);

    private static ConfiguredKeys Read(Dictionary<string, string?> settings) =>
        ConfiguredKeys.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static string Refusal(Dictionary<string, string?> settings) =>
        Assert.Throws<InvalidOperationException>(() => Read(settings)).Message;

    public static TheoryData<string, string?, string> WrongSettings() => new()
    {
        { "Role", null, "Auth:Keys:newsroom:Role is missing: give one of Reader, Editor, Verifier, Admin" },
        { "Role", "Owner", "Auth:Keys:newsroom:Role is 'Owner', which is not a role: give one of Reader, Editor, Verifier, Admin" },
        { "Role", "2", "Auth:Keys:newsroom:Role is '2', which is not a role" },
        { "Sha256", null, "Auth:Keys:newsroom:Sha256 is missing: give the key's SHA-256 as 64 hex digits" },
        { "Sha256", new string('a', 63), "Auth:Keys:newsroom:Sha256 is not a SHA-256: expected 64 hex digits, got 63 characters (" },
        { "Sha256", new string('g', 64), "Auth:Keys:newsroom:Sha256 is not a SHA-256: expected 64 hex digits, got 64 characters that are not all hex digits" },
        { "Roles", "Editor", "Auth:Keys:newsroom:Roles is not a key setting: a key has only Role and Sha256" },
    };

    [Theory]
    [MemberData(nameof(WrongSettings))]
    public void A_wrong_setting_is_refused_by_name(string setting, string? value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Auth:Keys:newsroom:Role"] = "Editor", ["Auth:Keys:newsroom:Sha256"] = NewsroomHash };
        settings[$"Auth:Keys:newsroom:{setting}"] = value;

        Assert.Contains(expected, Refusal(settings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("news room")]
    [InlineData("news__room")]
    [InlineData("newsroom_")]
    [InlineData("-newsroom")]
    public void A_name_that_cannot_be_a_setting_in_every_form_is_refused(string name)
    {
        var message = Refusal(new() { [$"Auth:Keys:{name}:Role"] = "Editor", [$"Auth:Keys:{name}:Sha256"] = NewsroomHash });

        Assert.Contains($"Auth:Keys:{name}: '{name}' is not a key name: {ApiKeys.NameRule}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plain_form_of_earlier_releases_is_refused_with_the_way_to_the_new_one_and_without_the_key()
    {
        var message = Refusal(new() { ["Auth:Keys:0:Key"] = "s3cret-newsroom", ["Auth:Keys:0:Name"] = "newsroom", ["Auth:Keys:0:Role"] = "Editor" });

        Assert.Contains("Auth:Keys:0:Key: plain keys (Auth:Keys:N:Key, :Name, :Role) are no longer read; configure Auth:Keys:{name}:Role and Auth:Keys:{name}:Sha256 instead", message, StringComparison.Ordinal);
        Assert.Contains("Auth:Keys:0:Name: plain keys", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-newsroom", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_pasted_where_its_hash_belongs_stays_out_of_the_message()
    {
        var message = Refusal(new() { ["Auth:Keys:newsroom:Role"] = "Editor", ["Auth:Keys:newsroom:Sha256"] = TestKeys.Newsroom.Key });

        Assert.Contains("Auth:Keys:newsroom:Sha256 is not a SHA-256", message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.Newsroom.Key, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_names_for_one_key_are_refused()
    {
        var message = Refusal(new()
        {
            ["Auth:Keys:newsroom:Role"] = "Editor", ["Auth:Keys:newsroom:Sha256"] = NewsroomHash,
            ["Auth:Keys:desk:Role"] = "Verifier", ["Auth:Keys:desk:Sha256"] = NewsroomHash.ToUpperInvariant(),
        });

        Assert.Contains("Auth:Keys:desk:Sha256 and Auth:Keys:newsroom:Sha256 hold the same hash", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var message = Refusal(new() { ["Auth:Keys:newsroom:Role"] = "Owner", ["Auth:Keys:desk:Role"] = "Verifier" });

        Assert.Contains("Auth:Keys:newsroom:Role is 'Owner'", message, StringComparison.Ordinal);
        Assert.Contains("Auth:Keys:newsroom:Sha256 is missing", message, StringComparison.Ordinal);
        Assert.Contains("Auth:Keys:desk:Sha256 is missing", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_names_in_any_case_and_hashes_in_either_case_with_a_trailing_newline_are_read()
    {
        var keys = Read(new() { ["Auth:Keys:newsroom:Role"] = "editor", ["Auth:Keys:newsroom:Sha256"] = NewsroomHash.ToUpperInvariant() + "\n" });

        var newsroom = Assert.Single(keys.All);
        Assert.Equal(("newsroom", Role.Editor), (newsroom.Name, newsroom.Role));
        Assert.Same(newsroom, keys.Find(TestKeys.Newsroom.Key));
    }

    [Fact]
    public void A_presented_key_is_found_by_its_hash_and_nothing_else_matches()
    {
        var keys = Read(TestKeys.Settings(TestKeys.Claims));

        Assert.All(TestKeys.Claims, key => Assert.Equal((key.Actor, key.Role), (keys.Find(key.Key)!.Name, keys.Find(key.Key)!.Role)));
        Assert.Null(keys.Find("wrong-key"));
        Assert.Null(keys.Find(""));
        Assert.Null(keys.Find(NewsroomHash));
        Assert.Null(keys.Find(new string('k', ApiKeys.MaxKeyLength + 1)));
    }

    [Fact]
    public void No_settings_leave_the_service_open()
    {
        Assert.True(Read([]).IsOpen);
        Assert.False(Read(TestKeys.Settings([TestKeys.Reader])).IsOpen);
    }

    [Fact]
    public void A_keys_directory_without_key_files_is_refused()
    {
        var message = Refusal(new() { ["Auth:KeysDirectory"] = "/run/secrets/factcheck" });

        Assert.Contains("Auth:KeysDirectory: '/run/secrets/factcheck' holds no key settings: name its files Auth__Keys__{name}__Role and Auth__Keys__{name}__Sha256", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secured_host_with_a_wrong_setting_does_not_start()
    {
        using var folder = new TempFolder("factcheck-claims-");
        using var host = new ClaimsHost(folder, settings: new Dictionary<string, string?> { ["Auth:Keys:reader:Role"] = "Owner" });

        var error = Assert.Throws<InvalidOperationException>(() => host.Server);

        Assert.Contains("Auth:Keys:reader:Role is 'Owner', which is not a role", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("claims.db")), "the refused service created its database");
    }
}
