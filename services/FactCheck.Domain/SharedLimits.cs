namespace FactCheck.Domain;

/// <summary>
/// Limits both services apply to the same fields: evidence and status changes travel from the
/// verification service to the claims service, so a verdict the one accepts must never be
/// refused by the other for a limit the two disagree on.
/// </summary>
public static class SharedLimits
{
    public const int MaxUrl = 2000;
    public const int MaxQuote = 4000;
    public const int MaxEvidence = 20;
    public const int MaxStatusDetail = 500;
    public const int MaxReason = 2000;
    public const int MaxRequestId = 100;
    public const int MaxParty = 100;

    /// <summary>An absolute http or https URL with a host.</summary>
    public static bool IsAbsoluteHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
