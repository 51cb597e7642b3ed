using System.Text;

namespace FactCheck.Domain;

/// <summary>
/// One invalid field and what is wrong with it. The domain's checks name a field by its domain
/// key (<see cref="ClaimFields"/>, "sources[0].url"); an edge renders the key in its own naming
/// (<see cref="FieldKeys.Render"/>) before a caller sees it: the gRPC edge as the request's proto
/// path ("claim.sources[0].url"), the console client's import as the file's path
/// ("claims[3].sources[0].url"). Checks made at an edge use that edge's names directly.
/// </summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>The domain's names for the fields of a claim, a new claim and a status change: lower camel case, as the records name them.</summary>
public static class ClaimFields
{
    public const string Text = "text";
    public const string Speaker = "speaker";
    public const string Sources = "sources";
    public const string Url = "url";
    public const string Title = "title";
    public const string Publisher = "publisher";
    public const string PublishedTime = "publishedTime";
    public const string Quote = "quote";
    public const string RequiredParties = "requiredParties";
    public const string DueTime = "dueTime";
    public const string Parent = "parent";
    public const string Tags = "tags";
    public const string Language = "language";
    public const string Status = "status";
    public const string StatusDetail = "statusDetail";
    public const string Reason = "reason";
    public const string Evidence = "evidence";
    public const string ObservedTime = "observedTime";
    public const string ClaimId = "claimId";
    public const string RequestId = "requestId";
}

/// <summary>Builds field keys ("sources[0].url") and renders them in an edge's naming.</summary>
public static class FieldKeys
{
    public static string Item(string field, int index) => $"{field}[{index}]";

    public static string Child(string parent, string field) => $"{parent}.{field}";

    /// <summary>
    /// <paramref name="key"/> with each segment's name passed through <paramref name="rename"/>
    /// (indexes kept), under <paramref name="prefix"/> when one is given:
    /// ("requiredParties[1]", "claims[3]", file names) → "claims[3].requiredParties[1]".
    /// </summary>
    public static string Render(string key, string? prefix, Func<string, string> rename)
    {
        var rendered = new StringBuilder(prefix);
        foreach (var segment in key.Split('.'))
        {
            if (rendered.Length > 0)
            {
                rendered.Append('.');
            }

            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            rendered.Append(rename(bracket < 0 ? segment : segment[..bracket]));
            if (bracket >= 0)
            {
                rendered.Append(segment, bracket, segment.Length - bracket);
            }
        }

        return rendered.ToString();
    }

    /// <summary>A lower camel case name in snake case, as protobuf names fields: "requiredParties" → "required_parties".</summary>
    public static string SnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 4);
        foreach (var ch in name)
        {
            if (char.IsAsciiLetterUpper(ch))
            {
                snake.Append('_').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                snake.Append(ch);
            }
        }

        return snake.ToString();
    }
}
