using System.Text;
using System.Text.Json;
using FactCheck.Cli.Tests.Support;
using FactCheck.Contracts.V1;
using FactCheck.Domain;
using Microsoft.Extensions.Configuration;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>`factcheck keys new`: a random key shown once, with the settings (its hash only) that make a service accept it.</summary>
public sealed class KeysCommandTests
{
    private static readonly CliRunner Cli = new(services: null);

    [Fact]
    public async Task The_printed_settings_make_a_service_accept_the_printed_key_and_record_its_name()
    {
        var result = await Cli.OkAsync("keys", "new", "--name", "night-desk", "--role", "editor", "--output", "json");
        var printed = result.Json();
        var key = printed.GetProperty("key").GetString()!;

        Assert.Equal(ApiKeys.Sha256Hex(key), printed.GetProperty("sha256").GetString());
        Assert.Equal(("night-desk", "Editor"), (printed.GetProperty("name").GetString(), printed.GetProperty("role").GetString()));
        // The environment form and the appsettings.json form say the same, and say it by name.
        var fromJson = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(printed.GetProperty("appsettings").GetRawText())))
            .Build().AsEnumerable().Where(s => s.Value is not null).ToDictionary();
        var fromEnvironment = printed.GetProperty("environment").EnumerateObject()
            .ToDictionary(s => s.Name.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["Auth:Keys:night-desk:Role"] = "Editor", ["Auth:Keys:night-desk:Sha256"] = ApiKeys.Sha256Hex(key) }, fromEnvironment);
        Assert.Equal(fromEnvironment, fromJson);

        // A service configured with them (beside the test keys) takes the key and records its name.
        using var folder = new TempFolder();
        using var claims = new ClaimsHost(folder, settings: fromJson);
        var created = await claims.ClientWithRawKey(key).CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var history = await claims.Client(TestKeys.Reader).ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = created.Name });
        Assert.Equal("night-desk", Assert.Single(history.Events).Actor);
    }

    [Fact]
    public async Task The_table_shows_the_key_once_and_both_forms_of_the_settings()
    {
        var result = await Cli.OkAsync("keys", "new", "--name", "newsroom", "--role", "Verifier");

        var key = result.Lines.Select(l => l.Trim()).Single(l => l.StartsWith(ApiKeys.NewKeyPrefix, StringComparison.Ordinal));
        var hash = ApiKeys.Sha256Hex(key);
        Assert.Single(result.Lines, l => l.Contains(key, StringComparison.Ordinal));
        Assert.Contains("  Auth__Keys__newsroom__Role=Verifier\n", result.Out, StringComparison.Ordinal);
        Assert.Contains($"  Auth__Keys__newsroom__Sha256={hash}\n", result.Out, StringComparison.Ordinal);
        Assert.Contains($"\"Sha256\": \"{hash}\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("shown only this once", result.Out, StringComparison.Ordinal);
        // Only a name with '-' needs the note on shells.
        Assert.DoesNotContain("cannot export", result.Out, StringComparison.Ordinal);
        Assert.Contains("cannot export", (await Cli.OkAsync("keys", "new", "--name", "news-room", "--role", "reader")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_key_is_new_random_and_safe_on_a_command_line()
    {
        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            keys.Add((await Cli.OkAsync("keys", "new", "--name", "newsroom", "--role", "reader", "-o", "json")).Json().GetProperty("key").GetString()!);
        }

        Assert.Equal(3, keys.Distinct().Count());
        Assert.All(keys, key =>
        {
            Assert.StartsWith(ApiKeys.NewKeyPrefix, key, StringComparison.Ordinal);
            // 32 random bytes after the prefix, in base64url without padding.
            Assert.Equal(ApiKeys.RandomBytes, System.Buffers.Text.Base64Url.DecodeFromChars(key.AsSpan(ApiKeys.NewKeyPrefix.Length)).Length);
        });
    }

    [Theory]
    [InlineData("news room", "editor", "--name: 'news room' is not a key name: 1 to 64 letters, digits, '-' or '_'")]
    [InlineData("news__room", "editor", "--name: 'news__room' is not a key name")]
    [InlineData("news:room", "editor", "--name: 'news:room' is not a key name")]
    [InlineData("newsroom", "owner", "--role: 'owner' is not a role: give reader, editor, verifier or admin")]
    [InlineData("newsroom", "2", "--role: '2' is not a role")]
    public async Task A_name_or_role_a_service_would_refuse_is_bad_usage(string name, string role, string message)
    {
        var result = await Cli.ExpectAsync(2, "keys", "new", "--name", name, "--role", role);

        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Name_and_role_are_required()
    {
        var result = await Cli.ExpectAsync(2, "keys", "new", "--role", "reader");
        Assert.Contains("--name", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Every_role_a_service_knows_can_be_given()
    {
        Assert.All(Enum.GetValues<Role>(), role => Assert.True(ApiKeys.TryParseRole(role.ToString().ToLowerInvariant(), out var parsed) && parsed == role));
    }
}
