namespace FactCheck.Testing;

/// <summary>One configured API key of a test host: the key, the actor name it records, and its role.</summary>
public sealed record TestKey(string Key, string Actor, string Role);

/// <summary>
/// The API keys every secured test host is configured with, and the one place that writes them
/// as the services' <c>Auth:Keys</c> settings. One key works on both services, as a person's would.
/// </summary>
public static class TestKeys
{
    /// <summary>The newsroom: creates and edits claims (editor).</summary>
    public static readonly TestKey Newsroom = new("newsroom-key", "newsroom", "Editor");

    /// <summary>A fact-checking desk: records verdicts and may change statuses (verifier on both services).</summary>
    public static readonly TestKey Desk = new("desk-key", "fact-desk", "Verifier");

    /// <summary>A dashboard: reads only.</summary>
    public static readonly TestKey Reader = new("reader-key", "reader", "Reader");

    /// <summary>The verification service's own key for the claims service (verifier there).</summary>
    public static readonly TestKey Delivery = new("delivery-key", "verification-service", "Verifier");

    /// <summary>The keys the claims service knows.</summary>
    public static IReadOnlyList<TestKey> Claims { get; } = [Newsroom, Desk, Reader, Delivery];

    /// <summary>The keys the verification service knows.</summary>
    public static IReadOnlyList<TestKey> Verification { get; } = [Newsroom, Desk, Reader];

    /// <summary>The <c>Auth:Keys</c> settings that configure <paramref name="keys"/>.</summary>
    public static Dictionary<string, string?> Settings(IEnumerable<TestKey> keys)
    {
        var settings = new Dictionary<string, string?>();
        var i = 0;
        foreach (var key in keys)
        {
            settings[$"Auth:Keys:{i}:Key"] = key.Key;
            settings[$"Auth:Keys:{i}:Name"] = key.Actor;
            settings[$"Auth:Keys:{i}:Role"] = key.Role;
            i++;
        }

        return settings;
    }
}
