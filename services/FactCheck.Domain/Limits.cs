using System.Text.RegularExpressions;

namespace FactCheck.Domain;

/// <summary>
/// Every limit and pattern a claim, a status change or a verdict must respect, once. Both
/// services and the console client's import read them from here: a status change travels from
/// the verification service to the claims service, and an import file is checked before it is
/// sent, so none of the three may disagree on a number. The proto comments state the same
/// numbers for callers.
///
/// The numbers here are the defaults. A service reads its own values from the configuration
/// section <c>Limits</c> into a <see cref="LimitSettings"/> (the lengths and counts of what callers
/// send, and page sizes); the ones that stay fixed are marked below with why.
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

    /// <summary>Fixed: RFC 5646 asks every implementation to take language tags of up to 35 characters, and needs no more.</summary>
    public const int MaxLanguage = 35;

    /// <summary>Fixed: the verification service writes status details itself and cuts them to this before it delivers them.</summary>
    public const int MaxStatusDetail = 500;

    /// <summary>Fixed: the verification service writes the reasons of its status changes and cuts them to this.</summary>
    public const int MaxReason = 2000;
    public const int MaxEvidence = 20;
    public const int MaxRequestId = 100;
    public const int MaxQuery = 200;

    /// <summary>A list call's page size when the caller gives none (AIP-158).</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page a list call returns; a larger page size is lowered to it.</summary>
    public const int MaxPageSize = 500;
    /// <summary>How many matches MatchClaims returns when the caller gives no page size.</summary>
    public const int DefaultMatches = 10;

    /// <summary>Fixed: the most matches MatchClaims returns; a larger page size is lowered to it. Each match is scored one by one.</summary>
    public const int MaxMatches = 50;
    public const int MaxOfficial = 200;
    public const int MaxNote = 2000;

    /// <summary>Fixed: how deep a chain of parents may go before it is refused; it bounds the store's read of the chain.</summary>
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

/// <summary>
/// The limits a service enforces on what callers send, as configured (section <c>Limits</c>,
/// e.g. <c>Limits__MaxText=8000</c>); each defaults to its constant in <see cref="Limits"/>. The
/// checks in <see cref="ClaimValidation"/> and <see cref="ClaimDecisions"/> take one. Give both
/// services the same values: the verification service forwards a verdict's evidence to the
/// claims service. The console client's import checks a file against the defaults.
/// </summary>
public sealed record LimitSettings
{
    /// <summary>The defaults, as <see cref="Limits"/> states them.</summary>
    public static LimitSettings Default { get; } = new();

    public int MaxText { get; init; } = Limits.MaxText;

    public int MaxSpeaker { get; init; } = Limits.MaxSpeaker;

    public int MaxSources { get; init; } = Limits.MaxSources;

    public int MaxUrl { get; init; } = Limits.MaxUrl;

    public int MaxTitle { get; init; } = Limits.MaxTitle;

    public int MaxPublisher { get; init; } = Limits.MaxPublisher;

    public int MaxQuote { get; init; } = Limits.MaxQuote;

    public int MaxParties { get; init; } = Limits.MaxParties;

    public int MaxParty { get; init; } = Limits.MaxParty;

    public int MaxTags { get; init; } = Limits.MaxTags;

    public int MaxTag { get; init; } = Limits.MaxTag;

    public int MaxEvidence { get; init; } = Limits.MaxEvidence;

    public int MaxRequestId { get; init; } = Limits.MaxRequestId;

    public int MaxQuery { get; init; } = Limits.MaxQuery;

    public int MaxOfficial { get; init; } = Limits.MaxOfficial;

    public int MaxNote { get; init; } = Limits.MaxNote;

    public int DefaultPageSize { get; init; } = Limits.DefaultPageSize;

    public int MaxPageSize { get; init; } = Limits.MaxPageSize;

    /// <summary>What is wrong with these settings (a limit below 1, a default page larger than the largest), for refusing to start with them.</summary>
    public IReadOnlyList<string> Problems()
    {
        var numbers = new (string Name, int Value)[]
        {
            (nameof(MaxText), MaxText), (nameof(MaxSpeaker), MaxSpeaker), (nameof(MaxSources), MaxSources), (nameof(MaxUrl), MaxUrl),
            (nameof(MaxTitle), MaxTitle), (nameof(MaxPublisher), MaxPublisher), (nameof(MaxQuote), MaxQuote), (nameof(MaxParties), MaxParties),
            (nameof(MaxParty), MaxParty), (nameof(MaxTags), MaxTags), (nameof(MaxTag), MaxTag), (nameof(MaxEvidence), MaxEvidence),
            (nameof(MaxRequestId), MaxRequestId), (nameof(MaxQuery), MaxQuery), (nameof(MaxOfficial), MaxOfficial), (nameof(MaxNote), MaxNote),
            (nameof(DefaultPageSize), DefaultPageSize), (nameof(MaxPageSize), MaxPageSize),
        };
        var problems = numbers.Where(n => n.Value < 1).Select(n => $"Limits:{n.Name} must be at least 1 (got {n.Value})").ToList();
        if (DefaultPageSize > MaxPageSize)
        {
            problems.Add($"Limits:DefaultPageSize ({DefaultPageSize}) must not be larger than Limits:MaxPageSize ({MaxPageSize})");
        }

        return problems;
    }
}
