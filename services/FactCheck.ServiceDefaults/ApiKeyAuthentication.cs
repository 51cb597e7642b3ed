using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactCheck.ServiceDefaults;

/// <summary>What a caller may do. Each role includes the ones before it.</summary>
public enum Role
{
    Reader = 1,
    Editor = 2,
    Verifier = 3,
}

/// <summary>One configured API key: <c>Auth:Keys:N:Key</c>, <c>:Name</c> (recorded as the actor) and <c>:Role</c>.</summary>
public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public Role Role { get; set; } = Role.Reader;
}

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>True when no keys are configured: every caller is an anonymous verifier (loopback only).</summary>
    public bool IsOpen => Keys.Count == 0;
}

/// <summary>
/// Authenticates <c>authorization: Bearer &lt;key&gt;</c> against the configured keys. With no keys
/// configured the service is open: every caller is "anonymous" with the verifier role, and
/// <see cref="ServiceDefaultsExtensions"/> refuses to listen anywhere but loopback.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AnonymousActor = "anonymous";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (auth.Value.IsOpen)
        {
            // The start-up check covers the configured URLs; this covers any other way the server
            // came to listen beyond loopback (Kestrel endpoints in configuration, a proxy): an open
            // server serves only callers on this machine. The in-memory test server has no address.
            var remote = Context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : Context.Connection.RemoteIpAddress;
            return Task.FromResult(remote is null || System.Net.IPAddress.IsLoopback(remote)
                ? Success(AnonymousActor, Role.Verifier)
                : AuthenticateResult.Fail("no API keys are configured: this server accepts callers on its own machine only"));
        }

        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("authorization header must be 'Bearer <key>'"));
        }

        var presented = header[prefix.Length..].Trim();
        var match = auth.Value.Keys.FirstOrDefault(k => FixedTimeEquals(k.Key, presented));
        return Task.FromResult(match is null
            ? AuthenticateResult.Fail("unknown API key")
            : Success(string.IsNullOrEmpty(match.Name) ? "key" : match.Name, match.Role));
    }

    private static AuthenticateResult Success(string name, Role role)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(Enum.GetValues<Role>().Where(r => r <= role).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(presented));
}
