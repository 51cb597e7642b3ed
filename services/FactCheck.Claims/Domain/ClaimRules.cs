using System.Text.RegularExpressions;

namespace FactCheck.Claims.Domain;

/// <summary>
/// What a valid claim and a valid status change look like. Every limit is here, once;
/// the proto comments state the same numbers for callers.
/// </summary>
public static partial class ClaimRules
{
    public const int MaxText = 4000;
    public const int MaxSpeaker = 200;
    public const int MaxSources = 20;
    public const int MaxUrl = SharedLimits.MaxUrl;
    public const int MaxTitle = 500;
    public const int MaxPublisher = 200;
    public const int MaxQuote = SharedLimits.MaxQuote;
    public const int MaxParties = 20;
    public const int MaxParty = SharedLimits.MaxParty;
    public const int MaxTags = 20;
    public const int MaxTag = 50;
    public const int MaxLanguage = 35;
    public const int MaxStatusDetail = SharedLimits.MaxStatusDetail;
    public const int MaxReason = SharedLimits.MaxReason;
    public const int MaxEvidence = SharedLimits.MaxEvidence;
    public const int MaxRequestId = SharedLimits.MaxRequestId;
    public const int MaxQuery = 200;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();

    /// <summary>Checks a claim's content; <paramref name="prefix"/> is its path in the request ("claim").</summary>
    public static void CheckContent(ClaimContent c, string prefix, List<FieldViolation> violations)
    {
        void Add(string field, string description) => violations.Add(new($"{prefix}.{field}", description));

        if (string.IsNullOrWhiteSpace(c.Text))
        {
            Add("text", "is required");
        }
        else if (c.Text.Length > MaxText)
        {
            Add("text", $"must be at most {MaxText} characters (got {c.Text.Length})");
        }

        CheckLength(c.Speaker, MaxSpeaker, $"{prefix}.speaker", violations);

        if (c.Sources.Count == 0)
        {
            Add("sources", "at least one source is required");
        }
        else if (c.Sources.Count > MaxSources)
        {
            Add("sources", $"must have at most {MaxSources} entries (got {c.Sources.Count})");
        }

        for (var i = 0; i < Math.Min(c.Sources.Count, MaxSources); i++)
        {
            var s = c.Sources[i];
            var path = $"{prefix}.sources[{i}]";
            CheckUrl(s.Url, $"{path}.url", required: true, violations);
            CheckLength(s.Title, MaxTitle, $"{path}.title", violations);
            CheckLength(s.Publisher, MaxPublisher, $"{path}.publisher", violations);
            CheckLength(s.Quote, MaxQuote, $"{path}.quote", violations);
        }

        CheckNames(c.RequiredParties, "required_parties", MaxParties, MaxParty, null, prefix, violations);
        CheckNames(c.Tags, "tags", MaxTags, MaxTag, TagPattern(), prefix, violations);

        if (c.ParentId is not null && !ClaimNames.IsValidId(c.ParentId))
        {
            Add("parent", "must be a claim name of the form 'claims/{claim_id}'");
        }

        if (c.Language.Length > 0 && (c.Language.Length > MaxLanguage || !LanguagePattern().IsMatch(c.Language)))
        {
            Add("language", "must be a BCP-47 language tag such as 'en' or 'pt-BR'");
        }
    }

    /// <summary>Checks a status change's own fields (not whether the transition is allowed).</summary>
    public static void CheckStatusChange(StatusChange change, List<FieldViolation> violations)
    {
        CheckLength(change.Detail, MaxStatusDetail, "status_detail", violations);
        if (string.IsNullOrWhiteSpace(change.Reason))
        {
            violations.Add(new("reason", "is required: say why the status changes"));
        }
        else
        {
            CheckLength(change.Reason, MaxReason, "reason", violations);
        }

        CheckEvidence(change.Evidence, "evidence", violations);
    }

    /// <summary>Checks a list of evidence items found at <paramref name="path"/>.</summary>
    public static void CheckEvidence(IReadOnlyList<Evidence> evidence, string path, List<FieldViolation> violations)
    {
        if (evidence.Count > MaxEvidence)
        {
            violations.Add(new(path, $"must have at most {MaxEvidence} entries (got {evidence.Count})"));
        }

        for (var i = 0; i < Math.Min(evidence.Count, MaxEvidence); i++)
        {
            CheckUrl(evidence[i].Url, $"{path}[{i}].url", required: false, violations);
            CheckLength(evidence[i].Quote, MaxQuote, $"{path}[{i}].quote", violations);
        }
    }

    public static void CheckRequestId(string requestId, string path, List<FieldViolation> violations) =>
        CheckLength(requestId, MaxRequestId, path, violations);

    private static void CheckUrl(string url, string path, bool required, List<FieldViolation> violations)
    {
        if (string.IsNullOrEmpty(url))
        {
            if (required)
            {
                violations.Add(new(path, "is required"));
            }
        }
        else if (url.Length > MaxUrl)
        {
            violations.Add(new(path, $"must be at most {MaxUrl} characters (got {url.Length})"));
        }
        else if (!SharedLimits.IsAbsoluteHttpUrl(url))
        {
            violations.Add(new(path, $"must be an absolute http or https URL (got '{Shorten(url)}')"));
        }
    }

    private static void CheckLength(string value, int max, string path, List<FieldViolation> violations)
    {
        if (value.Length > max)
        {
            violations.Add(new(path, $"must be at most {max} characters (got {value.Length})"));
        }
    }

    private static void CheckNames(
        IReadOnlyList<string> names, string field, int maxCount, int maxLength, Regex? pattern,
        string prefix, List<FieldViolation> violations)
    {
        if (names.Count > maxCount)
        {
            violations.Add(new($"{prefix}.{field}", $"must have at most {maxCount} entries (got {names.Count})"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var path = $"{prefix}.{field}[{i}]";
            var name = names[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                violations.Add(new(path, "must not be empty"));
            }
            else if (name.Length > maxLength)
            {
                violations.Add(new(path, $"must be at most {maxLength} characters (got {name.Length})"));
            }
            else if (pattern is not null && !pattern.IsMatch(name))
            {
                violations.Add(new(path, $"may contain only letters, digits, '.', '_' and '-' (got '{Shorten(name)}')"));
            }
            else if (!seen.Add(name))
            {
                violations.Add(new(path, $"'{name}' is listed twice"));
            }
        }
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
