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

        if (entries.Count == 0)
        {
            errors.Add("no address is given; set ClaimsService:Url, such as http://127.0.0.1:5101");
        }

        return (addresses, errors);
    }
}
