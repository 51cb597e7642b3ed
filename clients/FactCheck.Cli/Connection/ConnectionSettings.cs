using FactCheck.Tls;

namespace FactCheck.Cli.Connection;

/// <summary>
/// Where the services are and how to call them, from the global options and their environment
/// fallbacks. <paramref name="TrustedCa"/> is the CA to trust for https:// addresses
/// instead of the system's roots.
/// </summary>
public sealed record ConnectionSettings(
    Uri ClaimsUrl,
    Uri VerificationUrl,
    string? ApiKey,
    TimeSpan Timeout,
    bool TimeoutGiven,
    TrustedCa? TrustedCa = null)
{
    public const string DefaultClaimsUrl = FactCheck.Client.ServiceAddresses.DefaultClaimsUrl;
    public const string DefaultVerificationUrl = FactCheck.Client.ServiceAddresses.DefaultVerificationUrl;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
}

/// <summary>The two services, named as messages name them.</summary>
public enum ServiceKind
{
    Claims,
    Verification,
}

public static class ServiceKindNames
{
    public static string Display(this ServiceKind kind) => kind switch
    {
        ServiceKind.Claims => "claims service",
        _ => "verification service",
    };
}
