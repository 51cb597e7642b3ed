using System.Globalization;
using System.Text.Json;
using FactCheck.Domain;

namespace FactCheck.Cli.Import;

/// <summary>
/// One claim of the file as written: its content in the claims rules' terms, and what only the
/// file has (its own id, the status it starts in, its parent as written).
/// </summary>
/// <param name="ParentRef">"agreement" (an id in the file) or "claims/agreement" (a claim in the service), as written.</param>
internal sealed record ImportDraft(int Index, string? Id, bool Pending, string? ParentRef, ClaimContent Content)
{
    public string Path => $"claims[{Index}]";
}

/// <summary>
/// The import file format (documented in docs/cli.md, "Import file format"): reads the JSON into
/// <see cref="ImportDraft"/>s and reports what is not of that shape (unknown fields, wrong JSON
/// types, unreadable times, a status a file may not set). Limits and patterns are not checked
/// here: <see cref="ImportValidation"/> applies the claims service's own rules. A value that
/// cannot be read is replaced by an empty one, so every list keeps the file's positions.
/// </summary>
internal sealed class ImportSchema(ImportProblems problems)
{
    // The field names, in the order a written file has them (see ImportFileWriter).
    internal static readonly string[] TopFields = ["about", "claims"];
    internal static readonly string[] ClaimFields = ["id", "text", "speaker", "sources", "status", "requiredParties", "due", "parent", "tags", "language"];
    internal static readonly string[] SourceFields = ["url", "title", "publisher", "published", "quote"];

    private static readonly Source Unreadable = new("", "", "", null, "");

    public static List<ImportDraft> Read(JsonElement root, ImportProblems problems) => new ImportSchema(problems).File(root);

    private List<ImportDraft> File(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add("", "the file must be a JSON object with a \"claims\" array");
            return [];
        }

        UnknownFields(root, "", TopFields);
        if (root.TryGetProperty("about", out var about) && about.ValueKind != JsonValueKind.String)
        {
            problems.Add("about", "must be a string");
        }

        if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
        {
            problems.Add("claims", "is required: an array of claims");
            return [];
        }

        if (claims.GetArrayLength() == 0)
        {
            problems.Add("claims", "is empty: nothing to import");
        }

        var drafts = new List<ImportDraft>();
        var index = 0;
        foreach (var element in claims.EnumerateArray())
        {
            if (Claim(element, index++) is { } draft)
            {
                drafts.Add(draft);
            }
        }

        return drafts;
    }

    private ImportDraft? Claim(JsonElement element, int index)
    {
        var path = $"claims[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "must be an object");
            return null;
        }

        UnknownFields(element, path, ClaimFields);
        var status = String(element, path, "status");
        var pending = InitialStatus(status, $"{path}.status") == ClaimStatus.Pending;

        var content = new ClaimContent(
            Text: String(element, path, "text") ?? "",
            Speaker: String(element, path, "speaker") ?? "",
            Sources: Sources(element, path),
            RequiredParties: Names(element, path, "requiredParties"),
            DueTime: String(element, path, "due") is { } due ? Time(due, $"{path}.due") : null,
            ParentId: null,
            Tags: Names(element, path, "tags"),
            Language: String(element, path, "language") ?? "");
        var parent = String(element, path, "parent");
        return new ImportDraft(index, String(element, path, "id"), pending, string.IsNullOrEmpty(parent) ? null : parent, content);
    }

    private List<Source> Sources(JsonElement element, string path)
    {
        if (!element.TryGetProperty("sources", out var sources) || sources.ValueKind == JsonValueKind.Null)
        {
            // Missing: the claims rules say a source is required.
            return [];
        }

        if (sources.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}.sources", "must be an array of sources");
            return [];
        }

        return sources.EnumerateArray().Select((source, i) => Source(source, $"{path}.sources[{i}]")).ToList();
    }

    private Source Source(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "must be an object with at least a \"url\"");
            return Unreadable;
        }

        UnknownFields(element, path, SourceFields);
        return new Source(
            Url: String(element, path, "url")?.Trim() ?? "",
            Title: String(element, path, "title") ?? "",
            Publisher: String(element, path, "publisher") ?? "",
            PublishedTime: String(element, path, "published") is { } published ? Time(published, $"{path}.published") : null,
            Quote: String(element, path, "quote") ?? "");
    }

    private string? String(JsonElement element, string path, string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}.{field}", $"must be a string (got {Kind(value)})");
            return null;
        }

        return value.GetString()!;
    }

    /// <summary>A list of names (parties, tags), each trimmed; an item that is not a string stands as "".</summary>
    private List<string> Names(JsonElement element, string path, string field)
    {
        if (!element.TryGetProperty(field, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}.{field}", $"must be an array of strings (got {Kind(array)})");
            return [];
        }

        var names = new List<string>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                names.Add(item.GetString()!.Trim());
            }
            else
            {
                problems.Add($"{path}.{field}[{i}]", $"must be a string (got {Kind(item)})");
                names.Add("");
            }

            i++;
        }

        return names;
    }

    private DateTimeOffset? Time(string value, string path)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        problems.Add(path, $"must be a date (2026-12-31) or a time (2026-12-31T23:59:59Z) (got '{value}')");
        return null;
    }

    private void UnknownFields(JsonElement element, string path, string[] known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var where = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                problems.Add(where, $"unknown field (known: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>The status a claim starts in, named in lower case in the file; the statuses allowed are the domain's.</summary>
    private ClaimStatus InitialStatus(string? name, string path)
    {
        if (name is null)
        {
            return ClaimDecisions.DefaultInitialStatus;
        }

        var allowed = ClaimDecisions.InitialStatuses.Select(s => s.ToString().ToLowerInvariant()).ToList();
        var index = allowed.IndexOf(name.ToLowerInvariant());
        return index >= 0
            ? ClaimDecisions.InitialStatuses[index]
            : Invalid(path, $"must be {string.Join(" or ", allowed.Select(a => $"\"{a}\""))} (got '{name}'); later statuses come from verdicts", ClaimDecisions.DefaultInitialStatus);
    }

    private T Invalid<T>(string path, string message, T fallback)
    {
        problems.Add(path, message);
        return fallback;
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
}
