using FactCheck.Domain;

namespace FactCheck.Testing;

/// <summary>One configured API key of a test host: the key a caller presents, its name (the actor it records) and its role.</summary>
public sealed record TestKey(string Key, string Actor, Role Role);

/// <summary>
/// The API keys every secured test host is configured with, and the one place that writes them
/// as the services' <c>Auth:Keys</c> settings (by name, with only the key's hash). One key works
/// on both services, as a person's would.
/// </summary>
public static class TestKeys
{
    /// <summary>The newsroom: creates and edits claims (editor).</summary>
    public static readonly TestKey Newsroom = new("newsroom-key", "newsroom", Role.Editor);

    /// <summary>A fact-checking desk: records verdicts and may change statuses (verifier on both services).</summary>
    public static readonly TestKey Desk = new("desk-key", "fact-desk", Role.Verifier);

    /// <summary>A dashboard: reads only.</summary>
    public static readonly TestKey Reader = new("reader-key", "reader", Role.Reader);

    /// <summary>An operator: backups (admin on both services).</summary>
    public static readonly TestKey Admin = new("admin-key", "operator", Role.Admin);

    /// <summary>The verification service's own key for the claims service (verifier there).</summary>
    public static readonly TestKey Delivery = new("delivery-key", "verification-service", Role.Verifier);

    /// <summary>The keys the claims service knows.</summary>
    public static IReadOnlyList<TestKey> Claims { get; } = [Newsroom, Desk, Reader, Delivery, Admin];

    /// <summary>The keys the verification service knows.</summary>
    public static IReadOnlyList<TestKey> Verification { get; } = [Newsroom, Desk, Reader, Admin];

    /// <summary>The <c>Auth:Keys:{name}:Role</c> and <c>:Sha256</c> settings that configure <paramref name="keys"/>.</summary>
    public static Dictionary<string, string?> Settings(IEnumerable<TestKey> keys)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var key in keys)
        {
            settings[$"Auth:Keys:{key.Actor}:Role"] = key.Role.ToString();
            settings[$"Auth:Keys:{key.Actor}:Sha256"] = ApiKeys.Sha256Hex(key.Key);
        }

        return settings;
    }

    /// <summary>The same settings as environment variables, for a service process (<c>Auth__Keys__{name}__Role</c>, ...).</summary>
    public static Dictionary<string, string> Environment(IEnumerable<TestKey> keys) =>
        Settings(keys).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);

    /// <summary>
    /// The same settings as files in <paramref name="directory"/>, one per setting named as its
    /// environment variable, for <c>Auth:KeysDirectory</c> (as a mounted secret would be, with a trailing newline).
    /// </summary>
    public static void WriteFiles(string directory, IEnumerable<TestKey> keys)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, value) in Environment(keys))
        {
            File.WriteAllText(Path.Combine(directory, name), value + "\n");
        }
    }
}
