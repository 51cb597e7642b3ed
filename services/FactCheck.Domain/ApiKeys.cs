using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FactCheck.Domain;

/// <summary>What a caller may do. Each role includes the ones before it.</summary>
public enum Role
{
    Reader = 1,
    Editor = 2,
    Verifier = 3,

    /// <summary>Operates the service: backups and repairs, beside everything the other roles may do.</summary>
    Admin = 4,
}

/// <summary>
/// How an API key is named, made and stored, once: the services check presented keys by these
/// rules and <c>factcheck keys new</c> makes keys by them, so the two can never disagree. A
/// service stores only a key's SHA-256, so its configuration is no secret worth stealing.
/// </summary>
public static partial class ApiKeys
{
    /// <summary>Bytes of randomness in a new key (256 bits: a hash of it cannot be searched back to the key).</summary>
    public const int RandomBytes = 32;

    /// <summary>Bytes of a key's SHA-256.</summary>
    public const int HashBytes = SHA256.HashSizeInBytes;

    /// <summary>
    /// The longest key a service hashes; a longer one is unknown. New keys have 47 characters;
    /// the bound lets the hash be taken without allocating.
    /// </summary>
    public const int MaxKeyLength = 256;

    public const int MaxNameLength = 64;

    /// <summary>
    /// What a key's name may be, for messages people read. The name is a configuration key
    /// segment (<c>Auth:Keys:{name}:Role</c>), so it may not hold ':' (the separator) or "__"
    /// (the separator in environment variables); it is recorded as the actor in claim history.
    /// </summary>
    public const string NameRule =
        "1 to 64 letters, digits, '-' or '_', starting with a letter or digit, with no '__' and no trailing '_' ('__' separates the parts of an environment variable's name)";

    /// <summary>The role names a setting may give, for messages people read.</summary>
    public static string RoleNames { get; } = string.Join(", ", Enum.GetNames<Role>());

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*(?:_[A-Za-z0-9-]+)*$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => name.Length <= MaxNameLength && NamePattern().IsMatch(name);

    /// <summary>Reads a role by its name, in any case ("editor", "Editor"); numbers are not roles.</summary>
    public static bool TryParseRole(string? text, [NotNullWhen(true)] out Role? role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(candidate.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = null;
        return false;
    }

    /// <summary>What every new key starts with: a key never starts with '-' (which command lines would take for an option), and secret scanners can recognise one.</summary>
    public const string NewKeyPrefix = "fck_";

    /// <summary>
    /// A new key: <see cref="NewKeyPrefix"/> and <see cref="RandomBytes"/> random bytes in base64url
    /// without padding (47 characters, safe in headers and shells). Not hex: a hex key would look
    /// like its own hash, and one pasted where the hash belongs would then go unnoticed.
    /// </summary>
    public static string NewKey() => NewKeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>The SHA-256 of a key's UTF-8 bytes as 64 lower-case hex digits: what a service's configuration stores.</summary>
    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Writes the SHA-256 of <paramref name="key"/> into <paramref name="hash"/> without
    /// allocating; false when the key is longer than <see cref="MaxKeyLength"/>.
    /// </summary>
    public static bool TryHash(ReadOnlySpan<char> key, Span<byte> hash)
    {
        if (key.Length > MaxKeyLength)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        SHA256.HashData(utf8[..length], hash);
        return true;
    }

    /// <summary>Reads a configured hash: exactly 64 hex digits (either case); null otherwise.</summary>
    public static byte[]? ParseSha256Hex(string? hex)
    {
        var text = hex?.Trim() ?? "";
        if (text.Length != HashBytes * 2 || !text.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return Convert.FromHexString(text);
    }
}
