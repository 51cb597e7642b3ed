using System.Text.RegularExpressions;

namespace FactCheck.Domain;

/// <summary>
/// What a valid claim, status change and evidence list look like, checked against
/// <see cref="Limits"/>. Each check adds one <see cref="FieldViolation"/> per problem, named by
/// the field's path in the request, so a caller learns every problem at once.
/// </summary>
public static class ClaimValidation
{
    /// <summary>Checks a claim's content; <paramref name="prefix"/> is its path in the request ("claim").</summary>
    public static void CheckContent(ClaimContent c, string prefix, List<FieldViolation> violations)
    {
        void Add(string field, string description) => violations.Add(new($"{prefix}.{field}", description));

        if (string.IsNullOrWhiteSpace(c.Text))
        {
            Add("text", "is required");
        }
        else if (c.Text.Length > Limits.MaxText)
        {
            Add("text", $"must be at most {Limits.MaxText} characters (got {c.Text.Length})");
        }

        CheckLength(c.Speaker, Limits.MaxSpeaker, $"{prefix}.speaker", violations);

        if (c.Sources.Count == 0)
        {
            Add("sources", "at least one source is required");
        }
        else if (c.Sources.Count > Limits.MaxSources)
        {
            Add("sources", $"must have at most {Limits.MaxSources} entries (got {c.Sources.Count})");
        }

        for (var i = 0; i < Math.Min(c.Sources.Count, Limits.MaxSources); i++)
        {
            var s = c.Sources[i];
            var path = $"{prefix}.sources[{i}]";
            CheckUrl(s.Url, $"{path}.url", required: true, violations);
            CheckLength(s.Title, Limits.MaxTitle, $"{path}.title", violations);
            CheckLength(s.Publisher, Limits.MaxPublisher, $"{path}.publisher", violations);
            CheckLength(s.Quote, Limits.MaxQuote, $"{path}.quote", violations);
        }

        CheckNames(c.RequiredParties, "required_parties", Limits.MaxParties, Limits.MaxParty, null, prefix, violations);
        CheckNames(c.Tags, "tags", Limits.MaxTags, Limits.MaxTag, Limits.TagPattern(), prefix, violations);

        if (c.ParentId is not null && !ClaimName.IsValidId(c.ParentId))
        {
            Add("parent", "must be a claim name of the form 'claims/{claim_id}'");
        }

        if (c.Language.Length > 0 && (c.Language.Length > Limits.MaxLanguage || !Limits.LanguagePattern().IsMatch(c.Language)))
        {
            Add("language", "must be a BCP-47 language tag such as 'en' or 'pt-BR'");
        }
    }

    /// <summary>Checks a status change's own fields (not whether the transition is allowed).</summary>
    public static void CheckStatusChange(StatusChange change, List<FieldViolation> violations)
    {
        CheckLength(change.Detail, Limits.MaxStatusDetail, "status_detail", violations);
        if (string.IsNullOrWhiteSpace(change.Reason))
        {
            violations.Add(new("reason", "is required: say why the status changes"));
        }
        else
        {
            CheckLength(change.Reason, Limits.MaxReason, "reason", violations);
        }

        CheckEvidence(change.Evidence, "evidence", violations);
    }

    /// <summary>
    /// Checks a list of evidence items found at <paramref name="path"/>. A verdict's evidence
    /// must say something (<paramref name="urlOrQuoteRequired"/>); a status change may carry
    /// bare references.
    /// </summary>
    public static void CheckEvidence(IReadOnlyList<Evidence> evidence, string path, List<FieldViolation> violations, bool urlOrQuoteRequired = false)
    {
        if (evidence.Count > Limits.MaxEvidence)
        {
            violations.Add(new(path, $"must have at most {Limits.MaxEvidence} entries (got {evidence.Count})"));
        }

        for (var i = 0; i < Math.Min(evidence.Count, Limits.MaxEvidence); i++)
        {
            var item = $"{path}[{i}]";
            if (urlOrQuoteRequired && evidence[i].Url.Length == 0 && string.IsNullOrWhiteSpace(evidence[i].Quote))
            {
                violations.Add(new(item, "needs a url or a quote"));
            }
            else
            {
                CheckUrl(evidence[i].Url, $"{item}.url", required: false, violations);
            }

            CheckLength(evidence[i].Quote, Limits.MaxQuote, $"{item}.quote", violations);
        }
    }

    /// <summary>An optional claim id (CreateClaim's claim_id).</summary>
    public static void CheckClaimId(string claimId, string path, List<FieldViolation> violations)
    {
        if (claimId.Length > 0 && !ClaimName.IsValidId(claimId))
        {
            violations.Add(new(path, "must be " + ClaimName.IdRule));
        }
    }

    public static void CheckRequestId(string requestId, string path, List<FieldViolation> violations) =>
        CheckLength(requestId, Limits.MaxRequestId, path, violations);

    private static void CheckUrl(string url, string path, bool required, List<FieldViolation> violations)
    {
        if (string.IsNullOrEmpty(url))
        {
            if (required)
            {
                violations.Add(new(path, "is required"));
            }
        }
        else if (url.Length > Limits.MaxUrl)
        {
            violations.Add(new(path, $"must be at most {Limits.MaxUrl} characters (got {url.Length})"));
        }
        else if (!Limits.IsAbsoluteHttpUrl(url))
        {
            violations.Add(new(path, $"must be an absolute http or https URL (got '{Phrasing.Shorten(url)}')"));
        }
    }

    public static void CheckLength(string value, int max, string path, List<FieldViolation> violations)
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
                violations.Add(new(path, $"may contain only letters, digits, '.', '_' and '-' (got '{Phrasing.Shorten(name)}')"));
            }
            else if (!seen.Add(name))
            {
                violations.Add(new(path, $"'{name}' is listed twice"));
            }
        }
    }
}
