using System.Text.RegularExpressions;

namespace FactCheck.Domain;

/// <summary>
/// What a valid claim, status change and evidence list look like, checked against a service's
/// <see cref="LimitSettings"/> (the defaults when none is given) and the <see cref="Characters"/>
/// table. Each check adds one <see cref="FieldViolation"/> per problem, named by the field's path
/// in the request, so a caller learns every problem at once.
/// </summary>
public static class ClaimValidation
{
    /// <summary>Checks a claim's content; <paramref name="prefix"/> is its path in the request ("claim").</summary>
    public static void CheckContent(ClaimContent c, string prefix, List<FieldViolation> violations, LimitSettings? limits = null)
    {
        var max = limits ?? LimitSettings.Default;
        void Add(string field, string description) => violations.Add(new($"{prefix}.{field}", description));

        if (string.IsNullOrWhiteSpace(c.Text))
        {
            Add("text", "is required");
        }
        else
        {
            CheckText(c.Text, max.MaxText, TextKind.Prose, $"{prefix}.text", violations);
        }

        CheckText(c.Speaker, max.MaxSpeaker, TextKind.Line, $"{prefix}.speaker", violations);

        if (c.Sources.Count == 0)
        {
            Add("sources", "at least one source is required");
        }
        else if (c.Sources.Count > max.MaxSources)
        {
            Add("sources", $"must have at most {max.MaxSources} entries (got {c.Sources.Count})");
        }

        for (var i = 0; i < Math.Min(c.Sources.Count, max.MaxSources); i++)
        {
            var s = c.Sources[i];
            var path = $"{prefix}.sources[{i}]";
            CheckUrl(s.Url, $"{path}.url", required: true, max, violations);
            CheckText(s.Title, max.MaxTitle, TextKind.Line, $"{path}.title", violations);
            CheckText(s.Publisher, max.MaxPublisher, TextKind.Line, $"{path}.publisher", violations);
            CheckText(s.Quote, max.MaxQuote, TextKind.Prose, $"{path}.quote", violations);
        }

        CheckNames(c.RequiredParties, "required_parties", max.MaxParties, max.MaxParty, null, prefix, violations);
        CheckNames(c.Tags, "tags", max.MaxTags, max.MaxTag, Limits.TagPattern(), prefix, violations);

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
    public static void CheckStatusChange(StatusChange change, List<FieldViolation> violations, LimitSettings? limits = null)
    {
        CheckStatusDetail(change.Detail, "status_detail", violations);
        if (string.IsNullOrWhiteSpace(change.Reason))
        {
            violations.Add(new("reason", "is required: say why the status changes"));
        }
        else
        {
            CheckText(change.Reason, Limits.MaxReason, TextKind.Prose, "reason", violations);
        }

        CheckEvidence(change.Evidence, "evidence", violations, limits: limits);
    }

    /// <summary>A status detail: one line, at most <see cref="Limits.MaxStatusDetail"/> characters.</summary>
    public static void CheckStatusDetail(string detail, string path, List<FieldViolation> violations) =>
        CheckText(detail, Limits.MaxStatusDetail, TextKind.Line, path, violations);

    /// <summary>
    /// Checks a list of evidence items found at <paramref name="path"/>. A verdict's evidence
    /// must say something (<paramref name="urlOrQuoteRequired"/>); a status change may carry
    /// bare references.
    /// </summary>
    public static void CheckEvidence(
        IReadOnlyList<Evidence> evidence, string path, List<FieldViolation> violations, bool urlOrQuoteRequired = false, LimitSettings? limits = null)
    {
        var max = limits ?? LimitSettings.Default;
        if (evidence.Count > max.MaxEvidence)
        {
            violations.Add(new(path, $"must have at most {max.MaxEvidence} entries (got {evidence.Count})"));
        }

        for (var i = 0; i < Math.Min(evidence.Count, max.MaxEvidence); i++)
        {
            var item = $"{path}[{i}]";
            if (urlOrQuoteRequired && evidence[i].Url.Length == 0 && string.IsNullOrWhiteSpace(evidence[i].Quote))
            {
                violations.Add(new(item, "needs a url or a quote"));
            }
            else
            {
                CheckUrl(evidence[i].Url, $"{item}.url", required: false, max, violations);
            }

            CheckText(evidence[i].Quote, max.MaxQuote, TextKind.Prose, $"{item}.quote", violations);
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

    /// <summary>An optional request id: a key, so it may hold no character that could make two ids look alike.</summary>
    public static void CheckRequestId(string requestId, string path, List<FieldViolation> violations, LimitSettings? limits = null) =>
        CheckText(requestId, (limits ?? LimitSettings.Default).MaxRequestId, TextKind.Key, path, violations);

    /// <summary>A text field: at most <paramref name="max"/> characters, none that its <paramref name="kind"/> refuses (<see cref="Characters"/>). One violation at most.</summary>
    public static void CheckText(string value, int max, TextKind kind, string path, List<FieldViolation> violations)
    {
        if (value.Length > max)
        {
            violations.Add(new(path, $"must be at most {max} characters (got {value.Length})"));
        }
        else
        {
            Characters.Check(value, kind, path, violations);
        }
    }

    private static void CheckUrl(string url, string path, bool required, LimitSettings max, List<FieldViolation> violations)
    {
        if (string.IsNullOrEmpty(url))
        {
            if (required)
            {
                violations.Add(new(path, "is required"));
            }
        }
        else if (url.Length > max.MaxUrl)
        {
            violations.Add(new(path, $"must be at most {max.MaxUrl} characters (got {url.Length})"));
        }
        else if (Characters.Problem(url, TextKind.Key) is { } problem)
        {
            // Before parsing: Uri would accept some of these (percent-encoding them), so a link could display as another.
            violations.Add(new(path, problem));
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
            else if (Characters.Problem(name, TextKind.Key) is { } problem)
            {
                violations.Add(new(path, problem));
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
