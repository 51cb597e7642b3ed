using System.Text.RegularExpressions;

namespace FactCheck.Domain;

/// <summary>
/// Every limit and pattern a claim, a status change or a verdict must respect, once. Both
/// services and the console client's import read them from here: a status change travels from
/// the verification service to the claims service, and an import file is checked before it is
/// sent, so none of the three may disagree on a number. The proto comments state the same
/// numbers for callers.
/// </summary>
public static partial class Limits
{
    public const int MaxText = 4000;
    public const int MaxSpeaker = 200;
    public const int MaxSources = 20;
    public const int MaxUrl = 2000;
    public const int MaxTitle = 500;
    public const int MaxPublisher = 200;
    public const int MaxQuote = 4000;
    public const int MaxParties = 20;
    public const int MaxParty = 100;
    public const int MaxTags = 20;
    public const int MaxTag = 50;
    public const int MaxLanguage = 35;
    public const int MaxStatusDetail = 500;
    public const int MaxReason = 2000;
    public const int MaxEvidence = 20;
    public const int MaxRequestId = 100;
    public const int MaxQuery = 200;

    /// <summary>A list call's page size when the caller gives none (AIP-158).</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page a list call returns; a larger page size is lowered to it.</summary>
    public const int MaxPageSize = 500;
    public const int MaxOfficial = 200;
    public const int MaxNote = 2000;

    /// <summary>How deep a chain of parents may go before it is refused.</summary>
    public const int MaxParentDepth = 64;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    public static partial Regex ClaimIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    public static partial Regex TagPattern();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    public static partial Regex LanguagePattern();

    /// <summary>An absolute http or https URL with a host.</summary>
    public static bool IsAbsoluteHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
