using System.Net;
using System.Net.Sockets;

namespace FactCheck.Domain.Webhooks;

/// <summary>
/// Where a webhook may post. A target is an absolute https URL (http only where the operator
/// allows it) without credentials or a fragment, and every address its host resolves to must be
/// public: a webhook must not become a way to reach the service's own machine, its network or a
/// cloud's metadata endpoint. Addresses are checked after DNS resolution at every attempt (the
/// delivery does that), so a name that later resolves elsewhere (DNS rebinding) is still refused.
/// The table below is the rule; each row names why a range is refused.
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2048;

    // The first row that contains an address gives the reason, so the clouds' metadata addresses
    // (AWS, GCP and Azure 169.254.169.254, AWS's IPv6 fd00:ec2::254, Alibaba 100.100.100.200) come first.
    private static readonly (string Range, string Why)[] Refused =
    [
        ("169.254.169.254/32", "a cloud metadata address"),
        ("fd00:ec2::254/128", "a cloud metadata address"),
        ("100.100.100.200/32", "a cloud metadata address"),
        ("0.0.0.0/8", "an unspecified (\"this network\") address"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a carrier-grade NAT (shared) address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "an IETF protocol assignment"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("::/128", "an unspecified address"),
        ("::1/128", "a loopback address"),
        ("fc00::/7", "a private (unique local) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
        ("2001:db8::/32", "a documentation address"),
    ];

    private static readonly (IPNetwork Network, string Why)[] Networks =
        [.. Refused.Select(r => (IPNetwork.Parse(r.Range), r.Why))];

    /// <summary>
    /// What is wrong with <paramref name="url"/> as a webhook target, as field violations of
    /// <paramref name="field"/>; empty when it may be used. Only the URL's form is checked here;
    /// a host given as an address literal is also checked with <see cref="WhyRefused"/>.
    /// </summary>
    public static IReadOnlyList<FieldViolation> Check(string field, string url, bool allowHttp, bool allowPrivate)
    {
        string? problem = url switch
        {
            "" => "is required",
            { Length: > MaxUrlLength } => $"must be at most {MaxUrlLength} characters",
            _ => null,
        };
        if (problem is null)
        {
            problem = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? UrlProblem(uri, allowHttp, allowPrivate) : "must be an absolute URL";
        }

        return problem is null ? [] : [new FieldViolation(field, problem)];
    }

    /// <summary>Why a delivery must not go to <paramref name="address"/>, or null when it may.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 address; so is NAT64's 64:ff9b::/96.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }

        foreach (var (network, why) in Networks)
        {
            if (network.Contains(address))
            {
                return why;
            }
        }

        return null;
    }

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private static string? UrlProblem(Uri uri, bool allowHttp, bool allowPrivate)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            return allowHttp ? "must be an http or https URL" : "must be an https URL";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password (the signature authenticates the service)";
        }

        if (uri.Fragment.Length > 0)
        {
            return "must not have a fragment (#...)";
        }

        if (uri.Host.Length == 0)
        {
            return "must name a host";
        }

        if (!allowPrivate && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && WhyRefused(literal) is { } why)
        {
            return $"points at {why} ({literal}); webhooks go to public addresses only";
        }

        if (!allowPrivate && uri.IsLoopback)
        {
            return "points at a loopback address; webhooks go to public addresses only";
        }

        return null;
    }
}
