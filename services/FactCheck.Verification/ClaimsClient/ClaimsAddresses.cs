using Microsoft.Extensions.Options;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>Reads and checks the claims service's address list.</summary>
public static class ClaimsAddresses
{
    private static readonly char[] Separators = [';', ','];

    /// <summary>The addresses in the order they are tried, and what is wrong with the configuration (empty when nothing is).</summary>
    public static (IReadOnlyList<Uri> Addresses, IReadOnlyList<string> Errors) Parse(ClaimsClientOptions options)
    {
        var entries = (options.Urls.Count > 0 ? options.Urls : [options.Url])
            .SelectMany(u => (u ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        var addresses = new List<Uri>();
        var errors = new List<string>();
        foreach (var entry in entries)
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"'{entry}' is not an absolute http or https URL, such as http://127.0.0.1:5101");
            }
            else if (addresses.Contains(uri))
            {
                errors.Add($"'{entry}' is listed twice");
            }
            else
            {
                addresses.Add(uri);
            }
        }

        if (addresses.Select(a => a.Scheme).Distinct().Count() > 1)
        {
            // One channel carries every call, and a channel is either TLS or plaintext.
            errors.Add("mixes http:// and https:// addresses; list every replica with the same scheme");
        }

        if (entries.Count == 0)
        {
            errors.Add("no address is given; set ClaimsService:Url, such as http://127.0.0.1:5101");
        }

        return (addresses, errors);
    }
}

/// <summary>The configured addresses, in order, read once; the options validator has already refused a broken list at start.</summary>
internal sealed class ClaimsAddressList(IOptions<ClaimsClientOptions> options)
{
    public IReadOnlyList<Uri> Addresses { get; } = Valid(options.Value);

    /// <summary>True when the addresses are https:// (all of them, as the validator requires).</summary>
    public bool Secure => Addresses[0].Scheme == Uri.UriSchemeHttps;

    private static IReadOnlyList<Uri> Valid(ClaimsClientOptions options)
    {
        var (addresses, errors) = ClaimsAddresses.Parse(options);
        return errors.Count == 0 ? addresses : throw new InvalidOperationException("ClaimsService:Url: " + string.Join("; ", errors));
    }
}
