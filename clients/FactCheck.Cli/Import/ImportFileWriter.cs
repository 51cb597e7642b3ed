using System.Globalization;
using System.Text.Json.Nodes;
using FactCheck.Domain;

namespace FactCheck.Cli.Import;

/// <summary>
/// Writes claims in the import file format, the one <see cref="ImportSchema"/> reads: what it
/// writes, `factcheck import` reads back unchanged. Fields that hold nothing are left out.
/// </summary>
internal static class ImportFileWriter
{
    public static JsonObject Document(string about, IEnumerable<ImportDraft> drafts)
    {
        var top = ImportSchema.TopFields;
        return new JsonObject
        {
            [top[0]] = about,
            [top[1]] = new JsonArray(drafts.Select(d => (JsonNode?)Claim(d)).ToArray()),
        };
    }

    private static JsonObject Claim(ImportDraft draft)
    {
        var c = draft.Content;
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["id"] = draft.Id,
            ["text"] = c.Text,
            ["speaker"] = Optional(c.Speaker),
            ["sources"] = new JsonArray(c.Sources.Select(s => (JsonNode?)Source(s)).ToArray()),
            ["status"] = draft.Pending ? ClaimStatus.Pending.ToString().ToLowerInvariant() : null,
            ["requiredParties"] = Names(c.RequiredParties),
            ["due"] = Time(c.DueTime),
            ["parent"] = draft.ParentRef,
            ["tags"] = Names(c.Tags),
            ["language"] = Optional(c.Language),
        };
        return Ordered(ImportSchema.ClaimFields, values);
    }

    private static JsonObject Source(Source source) => Ordered(ImportSchema.SourceFields, new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
    {
        ["url"] = source.Url,
        ["title"] = Optional(source.Title),
        ["publisher"] = Optional(source.Publisher),
        ["published"] = Time(source.PublishedTime),
        ["quote"] = Optional(source.Quote),
    });

    /// <summary>The fields in the schema's order; a field the schema does not know would be refused on import, so it is a bug here.</summary>
    private static JsonObject Ordered(string[] fields, Dictionary<string, JsonNode?> values)
    {
        var unknown = values.Keys.Except(fields).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"the import format has no field {string.Join(", ", unknown)}");
        }

        var json = new JsonObject();
        foreach (var field in fields)
        {
            if (values.TryGetValue(field, out var value) && value is not null)
            {
                json[field] = value;
            }
        }

        return json;
    }

    private static JsonNode? Optional(string value) => value.Length == 0 ? null : value;

    private static JsonArray? Names(IReadOnlyList<string> names) => names.Count == 0 ? null : new JsonArray(names.Select(n => (JsonNode?)n).ToArray());

    /// <summary>A time at midnight UTC as the date alone ("2026-12-31"), as people write due dates; any other time in full.</summary>
    private static JsonNode? Time(DateTimeOffset? time) => time switch
    {
        null => null,
        { } t when t.Offset == TimeSpan.Zero && t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        { } t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };
}
