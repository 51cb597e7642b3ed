using System.Security.Cryptography;
using FactCheck.Domain;
using Microsoft.Extensions.Configuration;

namespace FactCheck.ServiceDefaults;

/// <summary>One configured key: its name (recorded as the actor), its role, and the SHA-256 a presented key must hash to.</summary>
public sealed class ConfiguredKey(string name, Role role, byte[] sha256)
{
    public string Name => name;

    public Role Role => role;

    public byte[] Sha256 => sha256;

    /// <summary>The role claims a caller with this key carries: its role and every one below it.</summary>
    public string[] RoleClaims { get; } = [.. Enum.GetValues<Role>().Where(r => r <= role).Select(r => r.ToString())];
}

/// <summary>
/// The keys a service accepts, read once at start-up from <c>Auth:Keys:{name}:Role</c> and
/// <c>Auth:Keys:{name}:Sha256</c> (environment: <c>Auth__Keys__{name}__Role</c>, ...). Only hashes
/// are configured, so neither the configuration nor the process's memory holds a caller's key.
/// A setting that is wrong stops the start with a message naming it.
/// </summary>
public sealed class ConfiguredKeys
{
    public const string Section = "Auth:Keys";

    /// <summary>A directory of files named after key settings (see <see cref="ServiceDefaultsExtensions"/>).</summary>
    public const string DirectorySetting = "Auth:KeysDirectory";

    private readonly ConfiguredKey[] _keys;

    private ConfiguredKeys(ConfiguredKey[] keys) => _keys = keys;

    public IReadOnlyList<ConfiguredKey> All => _keys;

    /// <summary>True when no keys are configured: every caller is an anonymous admin (loopback only).</summary>
    public bool IsOpen => _keys.Length == 0;

    /// <summary>The caller on an open server.</summary>
    public static ConfiguredKey Anonymous { get; } = new(ApiKeyAuthenticationHandler.AnonymousActor, Role.Admin, []);

    /// <summary>Reads and checks every key setting; throws with every problem found, each naming its setting.</summary>
    public static ConfiguredKeys From(IConfiguration configuration)
    {
        var problems = new List<string>();
        var keys = new List<ConfiguredKey>();
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            if (Read(section, problems) is { } key)
            {
                keys.Add(key);
            }
        }

        foreach (var sameKey in keys.GroupBy(k => Convert.ToHexString(k.Sha256)).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(" and ", sameKey.Select(k => $"{Section}:{k.Name}:Sha256"))} hold the same hash: each key needs a name of its own, or the actor it records would be a guess");
        }

        var directory = configuration[DirectorySetting];
        if (problems.Count == 0 && keys.Count == 0 && !string.IsNullOrWhiteSpace(directory))
        {
            problems.Add($"{DirectorySetting}: '{directory}' holds no key settings: name its files Auth__Keys__{{name}}__Role and Auth__Keys__{{name}}__Sha256");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The API key configuration is invalid: {string.Join("; ", problems)}.");
        }

        return new ConfiguredKeys([.. keys]);
    }

    private static ConfiguredKey? Read(IConfigurationSection section, List<string> problems)
    {
        var setting = $"{Section}:{section.Key}";
        var before = problems.Count;
        foreach (var child in section.GetChildren().Where(c => !IsSetting(c.Key, "Role") && !IsSetting(c.Key, "Sha256")))
        {
            problems.Add(IsSetting(child.Key, "Key") || IsSetting(child.Key, "Name")
                ? $"{setting}:{child.Key}: plain keys (Auth:Keys:N:Key, :Name, :Role) are no longer read; configure {Section}:{{name}}:Role and {Section}:{{name}}:Sha256 instead (`factcheck keys new` prints them; docs/security.md, \"API keys\", says how to hash an existing key)"
                : $"{setting}:{child.Key} is not a key setting: a key has only Role and Sha256");
        }

        if (!ApiKeys.IsValidName(section.Key))
        {
            problems.Add($"{setting}: '{section.Key}' is not a key name: {ApiKeys.NameRule}");
        }

        var roleText = section["Role"];
        Role? role = null;
        if (string.IsNullOrWhiteSpace(roleText))
        {
            problems.Add($"{setting}:Role is missing: give one of {ApiKeys.RoleNames}");
        }
        else if (!ApiKeys.TryParseRole(roleText, out role))
        {
            problems.Add($"{setting}:Role is '{roleText}', which is not a role: give one of {ApiKeys.RoleNames}");
        }

        var hashText = section["Sha256"];
        var hash = ApiKeys.ParseSha256Hex(hashText);
        if (string.IsNullOrWhiteSpace(hashText))
        {
            problems.Add($"{setting}:Sha256 is missing: give the key's SHA-256 as 64 hex digits (`factcheck keys new` prints it)");
        }
        else if (hash is null)
        {
            // The value itself stays out of the message: it may be a key pasted into the wrong setting.
            problems.Add($"{setting}:Sha256 is not a SHA-256: expected 64 hex digits, got {hashText.Trim().Length} characters{(hashText.Trim().All(char.IsAsciiHexDigit) ? "" : " that are not all hex digits")} (the value is not shown, in case it is a key)");
        }

        return problems.Count == before ? new ConfiguredKey(section.Key, role!.Value, hash!) : null;
    }

    private static bool IsSetting(string key, string name) => string.Equals(key, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The key <paramref name="presented"/> is, or null. Hashes it once and compares the hash
    /// with every configured one in constant time, without stopping at a match, so how long it
    /// takes tells a caller nothing about which key, if any, it came close to. On every call's
    /// path, so nothing here allocates.
    /// </summary>
    public ConfiguredKey? Find(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[ApiKeys.HashBytes];
        if (!ApiKeys.TryHash(presented, hash))
        {
            return null;
        }

        ConfiguredKey? match = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256))
            {
                match = key;
            }
        }

        return match;
    }
}
