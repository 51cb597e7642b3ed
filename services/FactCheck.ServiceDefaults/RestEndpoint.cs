using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// <c>Rest:Url</c>: the address of the service's own REST port (JSON over HTTP/1.1, the
/// google.api.http mappings of its protos). Each service has a default on loopback (claims
/// <c>http://127.0.0.1:5111</c>, verification <c>http://127.0.0.1:5112</c>); an empty value or
/// <see cref="Off"/> serves no REST port. It is a port of its own because plaintext gRPC needs
/// HTTP/2 with prior knowledge, which browsers and most HTTP tools cannot speak; an https://
/// gRPC address serves REST as well (HTTP/1.1 and HTTP/2 negotiated by ALPN), so behind TLS one
/// port can do both and this one can be switched off.
/// </summary>
public sealed class RestSettings
{
    public const string Section = "Rest";

    /// <summary>The setting's full name, as errors and logs give it.</summary>
    public const string UrlSetting = Section + ":" + nameof(Url);

    /// <summary>The word that switches the REST port off (an empty value does too).</summary>
    public const string Off = "off";

    /// <summary>The address to serve REST on, "off", or empty; the service's default when not configured.</summary>
    public string? Url { get; set; }

    /// <summary>True when no REST port is wanted.</summary>
    public bool IsOff => string.IsNullOrWhiteSpace(Url) || Url.Trim().Equals(Off, StringComparison.OrdinalIgnoreCase);

    /// <summary>The REST address, or null when it is off or not a usable address.</summary>
    public BindingAddress? Address => IsOff || Problems([]).Any() ? null : BindingAddress.Parse(Url!.Trim());

    /// <summary>
    /// What is wrong with the setting, for refusing to start with it: it must be an http:// or
    /// https:// address with a host and an explicit port (Kestrel's own form: <c>*</c> or
    /// <c>0.0.0.0</c> for every interface), no path, and a port none of the gRPC addresses
    /// (<paramref name="grpcAddresses"/>) uses.
    /// </summary>
    public IEnumerable<string> Problems(IReadOnlyCollection<BindingAddress> grpcAddresses)
    {
        if (IsOff)
        {
            yield break;
        }

        var url = Url!.Trim();
        var advice = $"an http:// or https:// address with a port, such as http://127.0.0.1:5111, or '{Off}' (or empty) for no REST port";
        var address = ListenPlan.ParseOrNull(url);
        if (address is null || address.IsNamedPipe || address.IsUnixPipe || !ListenPlan.IsHttp(address) || string.IsNullOrEmpty(address.Host))
        {
            yield return $"{UrlSetting} must be {advice} (got '{Url}')";
            yield break;
        }

        if (!HasExplicitPort(url))
        {
            yield return $"{UrlSetting} must name its port, as in http://127.0.0.1:5111 (got '{Url}')";
        }
        else if (address.Port is < 1 or > 65535)
        {
            yield return $"{UrlSetting} must name a port from 1 to 65535 (got '{Url}')";
        }

        if (address.PathBase.Length > 0)
        {
            yield return $"{UrlSetting} must not have a path: the REST paths are the protos' (/v1/...) (got '{Url}')";
        }

        if (grpcAddresses.FirstOrDefault(g => g.Port == address.Port) is { } shared)
        {
            yield return $"{UrlSetting} ({url}) must not use the port of the gRPC address {shared}: set another port, or '{Off}' to serve REST on an https:// gRPC address alone";
        }
    }

    /// <summary>Reads the settings as the options pipeline binds them, over <paramref name="defaultUrl"/>.</summary>
    public static RestSettings Read(IConfiguration configuration, string defaultUrl)
    {
        var settings = new RestSettings { Url = defaultUrl };
        configuration.GetSection(Section).Bind(settings);
        return settings;
    }

    // BindingAddress fills in 80 or 443 for an address without a port; a REST port should be said.
    private static bool HasExplicitPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && colon > authority.LastIndexOf(']') && int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}

/// <summary>
/// Where a service listens: its gRPC addresses (the urls setting, or Kestrel:Endpoints) and its
/// REST port (<see cref="RestSettings"/>), worked out once at start-up. Kestrel gives gRPC
/// HTTP/2 on plain addresses and HTTP/1.1 with HTTP/2 on TLS, and the REST port HTTP/1.1.
/// </summary>
public sealed class ListenPlan
{
    private ListenPlan(IReadOnlyList<(string Url, string Setting)> grpc, BindingAddress? rest, string? restUrl, bool kestrelEndpoints)
    {
        Grpc = grpc;
        Rest = rest;
        RestUrl = restUrl;
        UsesKestrelEndpoints = kestrelEndpoints;
    }

    /// <summary>Every gRPC address with the setting that names it.</summary>
    public IReadOnlyList<(string Url, string Setting)> Grpc { get; }

    /// <summary>The REST port's address, or null when there is none (off, or a setting that refuses the start).</summary>
    public BindingAddress? Rest { get; }

    /// <summary>The REST address as configured.</summary>
    public string? RestUrl { get; }

    /// <summary>
    /// True when Kestrel:Endpoints name the addresses: Kestrel then ignores the urls setting, so the
    /// REST port is added as one more endpoint of its own rather than as one more url.
    /// </summary>
    public bool UsesKestrelEndpoints { get; }

    /// <summary>Every address the server may listen on, with the setting that names it: gRPC's, then the REST port's.</summary>
    public IEnumerable<(string Url, string Setting)> All =>
        RestUrl is null ? Grpc : [.. Grpc, (RestUrl, RestSettings.UrlSetting)];

    /// <summary>
    /// The gRPC addresses (the urls setting, or <paramref name="defaultUrl"/> when it is empty; and
    /// Kestrel:Endpoints:{name}:Url) and the REST port of <paramref name="rest"/>.
    /// </summary>
    public static ListenPlan From(IConfiguration configuration, string defaultUrl, RestSettings rest)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } given ? given : defaultUrl;
        var grpc = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => (url, WebHostDefaults.ServerUrlsKey)).ToList();
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Where(e => !string.IsNullOrEmpty(e["Url"])).Select(e => (e["Url"]!, $"Kestrel:Endpoints:{e.Key}:Url")).ToList();
        grpc.AddRange(endpoints);
        var address = rest.Problems(Parsed(grpc)).Any() ? null : rest.Address;
        return new ListenPlan(grpc, address, address is null ? null : rest.Url!.Trim(), endpoints.Count > 0);
    }

    /// <summary>The gRPC addresses Kestrel understands, for checking the REST port against them.</summary>
    public IReadOnlyCollection<BindingAddress> GrpcAddresses => Parsed(Grpc);

    /// <summary>
    /// The urls setting Kestrel should listen on: the gRPC ones and the REST port, unless
    /// Kestrel:Endpoints are used (then <see cref="AddRestEndpoint"/> adds the REST port).
    /// </summary>
    public string Urls => string.Join(';', Grpc.Where(g => g.Setting == WebHostDefaults.ServerUrlsKey).Select(g => g.Url)
        .Concat(Rest is not null && !UsesKestrelEndpoints ? [RestUrl!] : []));

    /// <summary>
    /// HTTP/1.1 on the REST port (with HTTP/2 when it has TLS), HTTP/1.1 and HTTP/2 on a TLS gRPC
    /// address (ALPN lets each caller choose, so REST works there too), and HTTP/2 alone on a plain
    /// gRPC address, where gRPC needs HTTP/2 "prior knowledge" with no HTTP/1.1 to negotiate.
    /// An endpoint's own Kestrel:Endpoints:{name}:Protocols still wins.
    /// </summary>
    public HttpProtocols ProtocolsFor(ListenOptions endpoint)
    {
        var port = endpoint.IPEndPoint?.Port;
        if (Rest is not null && port == Rest.Port)
        {
            return IsTls(Rest) ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
        }

        return port is not null && GrpcAddresses.Any(g => IsTls(g) && g.Port == port) ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2;
    }

    /// <summary>The REST port as a Kestrel endpoint of its own, for when Kestrel:Endpoints name the others.</summary>
    public void AddRestEndpoint(KestrelServerOptions kestrel)
    {
        if (Rest is null || !UsesKestrelEndpoints)
        {
            return;
        }

        void Configure(ListenOptions listen)
        {
            if (IsTls(Rest))
            {
                listen.UseHttps();
            }
        }

        if (Rest.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(Rest.Port, Configure);
        }
        else if (IPAddress.TryParse(Rest.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, Rest.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(Rest.Port, Configure);
        }
    }

    private static bool IsTls(BindingAddress address) => address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase);

    /// <summary>An http:// or https:// address (a named pipe or Unix socket is neither).</summary>
    internal static bool IsHttp(BindingAddress address) =>
        IsTls(address) || address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address as Kestrel reads it, or null when Kestrel could not read it either.</summary>
    internal static BindingAddress? ParseOrNull(string url)
    {
        try
        {
            return BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // An address Kestrel cannot read is left out: Kestrel itself refuses it when binding, naming the address.
    private static List<BindingAddress> Parsed(IEnumerable<(string Url, string Setting)> addresses) =>
        addresses.Select(a => ParseOrNull(a.Url)).OfType<BindingAddress>().ToList();
}
