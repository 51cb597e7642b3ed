using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// Authenticates <c>authorization: Bearer &lt;key&gt;</c> against the <see cref="ConfiguredKeys"/>.
/// With no keys configured the service is open: every caller is "anonymous" with the verifier
/// role, and <see cref="ServiceDefaultsExtensions"/> refuses to listen anywhere but loopback.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ConfiguredKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AnonymousActor = "anonymous";
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
        {
            // The start-up check covers the configured addresses; this covers any other way the
            // server came to listen beyond loopback (a proxy, say): an open server serves only
            // callers on this machine. The in-memory test server has no address.
            var remote = Context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : Context.Connection.RemoteIpAddress;
            return Task.FromResult(remote is null || System.Net.IPAddress.IsLoopback(remote)
                ? Success(ConfiguredKeys.Anonymous)
                : AuthenticateResult.Fail("no API keys are configured: this server accepts callers on its own machine only"));
        }

        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("authorization header must be 'Bearer <key>'"));
        }

        // The failure messages name no key: they reach the log.
        return Task.FromResult(keys.Find(header.AsSpan(Prefix.Length).Trim()) is { } key
            ? Success(key)
            : AuthenticateResult.Fail("unknown API key"));
    }

    private static AuthenticateResult Success(ConfiguredKey key)
    {
        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(ClaimTypes.Name, key.Name));
        foreach (var role in key.RoleClaims)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
