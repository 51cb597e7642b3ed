using System.Net;

namespace FactCheck.ServiceDefaults;

/// <summary>Whether an address in a setting (a listen URL, a service to call) stays on this machine.</summary>
public static class LoopbackAddresses
{
    /// <summary>True for 127.0.0.0/8, ::1 and localhost; a wildcard host (0.0.0.0, *, +, [::]) is every interface, so false.</summary>
    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>An http:// address off this machine: whatever crosses it, API keys included, can be read on the way.</summary>
    public static bool IsPlainOffLoopback(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(url);
}
