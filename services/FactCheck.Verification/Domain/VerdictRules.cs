using System.Text.RegularExpressions;

namespace FactCheck.Verification.Domain;

/// <summary>
/// What a valid verdict looks like. Every limit is here, once; the proto comments state the
/// same numbers for callers. Evidence limits match the claims service's, which receives it.
/// </summary>
public static partial class VerdictRules
{
    public const int MaxParty = Limits.MaxParty;
    public const int MaxOfficial = 200;
    public const int MaxNote = 2000;
    public const int MaxEvidence = Limits.MaxEvidence;
    public const int MaxUrl = Limits.MaxUrl;
    public const int MaxQuote = Limits.MaxQuote;
    public const int MaxRequestId = Limits.MaxRequestId;

    /// <summary>Checks a verdict's fields; <paramref name="prefix"/> is its path in the request ("verdict").</summary>
    public static void Check(VerdictContent verdict, string prefix, List<FieldViolation> violations)
    {
        void Add(string field, string description) => violations.Add(new($"{prefix}.{field}", description));

        if (string.IsNullOrWhiteSpace(verdict.Party))
        {
            Add("party", "is required: who gives the verdict, for example \"Washington\"");
        }
        else if (verdict.Party.Length > MaxParty)
        {
            Add("party", $"must be at most {MaxParty} characters (got {verdict.Party.Length})");
        }

        if (verdict.Official.Length > MaxOfficial)
        {
            Add("official", $"must be at most {MaxOfficial} characters (got {verdict.Official.Length})");
        }

        if (verdict.Note.Length > MaxNote)
        {
            Add("note", $"must be at most {MaxNote} characters (got {verdict.Note.Length})");
        }

        if (verdict.Evidence.Count == 0)
        {
            Add("evidence", "at least one item is required: the statement or document the verdict rests on");
        }
        else if (verdict.Evidence.Count > MaxEvidence)
        {
            Add("evidence", $"must have at most {MaxEvidence} entries (got {verdict.Evidence.Count})");
        }

        for (var i = 0; i < Math.Min(verdict.Evidence.Count, MaxEvidence); i++)
        {
            var e = verdict.Evidence[i];
            var path = $"evidence[{i}]";
            if (e.Url.Length == 0 && string.IsNullOrWhiteSpace(e.Quote))
            {
                Add(path, "needs a url or a quote");
            }
            else if (e.Url.Length > MaxUrl)
            {
                Add($"{path}.url", $"must be at most {MaxUrl} characters (got {e.Url.Length})");
            }
            else if (e.Url.Length > 0 && !Limits.IsAbsoluteHttpUrl(e.Url))
            {
                Add($"{path}.url", $"must be an absolute http or https URL (got '{Shorten(e.Url)}')");
            }

            if (e.Quote.Length > MaxQuote)
            {
                Add($"{path}.quote", $"must be at most {MaxQuote} characters (got {e.Quote.Length})");
            }
        }
    }

    public static void CheckRequestId(string requestId, string path, List<FieldViolation> violations)
    {
        if (requestId.Length > MaxRequestId)
        {
            violations.Add(new(path, $"must be at most {MaxRequestId} characters (got {requestId.Length})"));
        }
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
