using System.Text.RegularExpressions;

namespace FactCheck.Domain;

/// <summary>
/// What a valid claim, status change and evidence list look like, checked against a service's
/// <see cref="LimitSettings"/> and the <see cref="Characters"/> table. Each check adds one
/// <see cref="FieldViolation"/> per problem, so a caller learns every problem at once. The claim
/// and status-change checks name fields by their domain keys (<see cref="ClaimFields"/>), which
/// each edge renders in its own naming; the field-level helpers take the path to report.
/// </summary>
public static class ClaimValidation
{
    /// <summary>Checks a claim's content, every field or only <paramref name="fields"/> (an edit's mask).</summary>
    public static void CheckContent(ClaimContent c, LimitSettings limits, List<FieldViolation> violations, IReadOnlySet<string>? fields = null)
    {
        bool Checks(string field) => fields is null || fields.Contains(field);
        void Add(string field, string description) => violations.Add(new(field, description));

        if (Checks(ClaimFields.Text))
        {
            if (string.IsNullOrWhiteSpace(c.Text))
            {
                Add(ClaimFields.Text, "is required");
            }
            else
            {
                CheckText(c.Text, limits.MaxText, TextKind.Prose, ClaimFields.Text, violations);
            }
        }

        if (Checks(ClaimFields.Speaker))
        {
            CheckText(c.Speaker, limits.MaxSpeaker, TextKind.Line, ClaimFields.Speaker, violations);
        }

        if (Checks(ClaimFields.Sources))
        {
            CheckSources(c.Sources, limits, violations);
        }

        if (Checks(ClaimFields.RequiredParties))
        {
            CheckNames(c.RequiredParties, ClaimFields.RequiredParties, limits.MaxParties, limits.MaxParty, null, violations);
        }

        if (Checks(ClaimFields.Tags))
        {
            CheckNames(c.Tags, ClaimFields.Tags, limits.MaxTags, limits.MaxTag, Limits.TagPattern(), violations);
        }

        if (Checks(ClaimFields.Parent) && c.ParentId is not null && !ClaimName.IsValidId(c.ParentId))
        {
            Add(ClaimFields.Parent, "must be a claim name of the form 'claims/{claim_id}'");
        }

        if (Checks(ClaimFields.Language) && c.Language.Length > 0 && !IsLanguageTag(c.Language))
        {
            Add(ClaimFields.Language, NotALanguageTag);
        }
    }

    /// <summary>Checks a status change's own fields (not whether the transition is allowed).</summary>
    public static void CheckStatusChange(StatusChange change, LimitSettings limits, List<FieldViolation> violations)
    {
        CheckStatusDetail(change.Detail, ClaimFields.StatusDetail, violations);
        if (string.IsNullOrWhiteSpace(change.Reason))
        {
            violations.Add(new(ClaimFields.Reason, "is required: say why the status changes"));
        }
        else
        {
            CheckText(change.Reason, Limits.MaxReason, TextKind.Prose, ClaimFields.Reason, violations);
        }

        CheckEvidence(change.Evidence, ClaimFields.Evidence, limits, violations);
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
        IReadOnlyList<Evidence> evidence, string path, LimitSettings limits, List<FieldViolation> violations, bool urlOrQuoteRequired = false)
    {
        var max = limits;
        if (evidence.Count > max.MaxEvidence)
        {
            violations.Add(new(path, $"must have at most {max.MaxEvidence} entries (got {evidence.Count})"));
        }

        for (var i = 0; i < Math.Min(evidence.Count, max.MaxEvidence); i++)
        {
            var item = FieldKeys.Item(path, i);
            if (urlOrQuoteRequired && evidence[i].Url.Length == 0 && string.IsNullOrWhiteSpace(evidence[i].Quote))
            {
                violations.Add(new(item, "needs a url or a quote"));
            }
            else
            {
                CheckUrl(evidence[i].Url, FieldKeys.Child(item, ClaimFields.Url), required: false, max, violations);
            }

            CheckText(evidence[i].Quote, max.MaxQuote, TextKind.Prose, FieldKeys.Child(item, ClaimFields.Quote), violations);
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
    public static void CheckRequestId(string requestId, string path, LimitSettings limits, List<FieldViolation> violations) =>
        CheckText(requestId, limits.MaxRequestId, TextKind.Key, path, violations);

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

    /// <summary>What a value that is not a language tag is told.</summary>
    public const string NotALanguageTag = "must be a BCP-47 language tag such as 'en' or 'pt-BR'";

    /// <summary>A BCP 47 language tag of at most <see cref="Limits.MaxLanguage"/> characters ("en", "pt-BR").</summary>
    /// <summary>Checks one tag as a filter names it ("" for none): at most <paramref name="max"/> characters, of those a claim's tags may have.</summary>
    public static void CheckTag(string tag, int max, string path, List<FieldViolation> violations)
    {
        CheckLength(tag, max, path, violations);
        if (tag.Length is > 0 && tag.Length <= max && !Limits.TagPattern().IsMatch(tag))
        {
            violations.Add(new(path, NotATag(tag)));
        }
    }

    private static string NotATag(string name) => $"may contain only letters, digits, '.', '_' and '-' (got '{Phrasing.Shorten(name)}')";

    public static bool IsLanguageTag(string value) => value.Length <= Limits.MaxLanguage && Limits.LanguagePattern().IsMatch(value);

    public static void CheckLength(string value, int max, string path, List<FieldViolation> violations)
    {
        if (value.Length > max)
        {
            violations.Add(new(path, $"must be at most {max} characters (got {value.Length})"));
        }
    }

    private static void CheckSources(IReadOnlyList<Source> sources, LimitSettings limits, List<FieldViolation> violations)
    {
        if (sources.Count == 0)
        {
            violations.Add(new(ClaimFields.Sources, "at least one source is required"));
        }
        else if (sources.Count > limits.MaxSources)
        {
            violations.Add(new(ClaimFields.Sources, $"must have at most {limits.MaxSources} entries (got {sources.Count})"));
        }

        for (var i = 0; i < Math.Min(sources.Count, limits.MaxSources); i++)
        {
            var s = sources[i];
            var source = FieldKeys.Item(ClaimFields.Sources, i);
            CheckUrl(s.Url, FieldKeys.Child(source, ClaimFields.Url), required: true, limits, violations);
            CheckText(s.Title, limits.MaxTitle, TextKind.Line, FieldKeys.Child(source, ClaimFields.Title), violations);
            CheckText(s.Publisher, limits.MaxPublisher, TextKind.Line, FieldKeys.Child(source, ClaimFields.Publisher), violations);
            CheckText(s.Quote, limits.MaxQuote, TextKind.Prose, FieldKeys.Child(source, ClaimFields.Quote), violations);
        }
    }

    private static void CheckNames(
        IReadOnlyList<string> names, string field, int maxCount, int maxLength, Regex? pattern, List<FieldViolation> violations)
    {
        if (names.Count > maxCount)
        {
            violations.Add(new(field, $"must have at most {maxCount} entries (got {names.Count})"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var path = FieldKeys.Item(field, i);
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
                violations.Add(new(path, NotATag(name)));
            }
            else if (!seen.Add(name))
            {
                violations.Add(new(path, $"'{name}' is listed twice"));
            }
        }
    }
}
