using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactCheck.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Cli.Import;

/// <summary>One bad field: its path in the file, its line:column, and what is wrong.</summary>
public sealed record ImportProblem(string Path, string Position, string Message)
{
    public override string ToString() => $"{Position}: {Path}: {Message}";
}

/// <summary>One claim of the file, ready to send: the CreateClaim request (parent already a claim name) and its idempotency key.</summary>
public sealed record ImportEntry(int Index, string? LocalId, CreateClaimRequest Request)
{
    public string Name => "claims/" + Request.ClaimId;
}

/// <summary>
/// The import file format (documented in README, "Import file format") and its validation.
/// Everything is checked before anything is written, and every problem is reported with its
/// place in the file. The rules mirror the claims service's own, so a file that validates is
/// accepted; the service still has the last word.
/// </summary>
public static partial class ImportFile
{
    private static readonly string[] TopFields = ["about", "claims"];
    private static readonly string[] ClaimFields = ["id", "text", "speaker", "sources", "status", "requiredParties", "due", "parent", "tags", "language"];
    private static readonly string[] SourceFields = ["url", "title", "publisher", "published", "quote"];

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();

    public sealed record Result(IReadOnlyList<ImportEntry> Entries, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<(string Path, string Parent)> ExternalParents, JsonLocator Locator);

    /// <summary>Reads and checks the file. Entries come parents first. Syntax errors are one problem at their position.</summary>
    public static Result Parse(byte[] utf8)
    {
        JsonLocator locator;
        JsonDocument document;
        try
        {
            locator = JsonLocator.Index(utf8);
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var position = $"{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}";
            return new Result([], [new ImportProblem("", position, "not valid JSON: " + FirstSentence(e.Message))], [], JsonLocator.Index("{}"u8.ToArray()));
        }

        using (document)
        {
            var checker = new Checker(locator);
            var entries = checker.File(document.RootElement);
            return new Result(entries, checker.Problems, checker.ExternalParents, locator);
        }
    }

    /// <summary>
    /// The idempotency key of one entry: a digest of the request it sends, so the same entry
    /// imported again carries the same key and a changed entry a new one.
    /// </summary>
    public static string RequestId(CreateClaimRequest request)
    {
        var copy = request.Clone();
        copy.RequestId = "";
        return "import-" + Convert.ToHexStringLower(SHA256.HashData(copy.ToByteArray()), 0, 16);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }

    private sealed class Checker(JsonLocator locator)
    {
        public List<ImportProblem> Problems { get; } = [];

        public List<(string Path, string Parent)> ExternalParents { get; } = [];

        private void Problem(string path, string message) => Problems.Add(new ImportProblem(path, locator.Position(path), message));

        public List<ImportEntry> File(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem("", "the file must be a JSON object with a \"claims\" array");
                return [];
            }

            UnknownFields(root, "", TopFields);
            if (root.TryGetProperty("about", out var about) && about.ValueKind != JsonValueKind.String)
            {
                Problem("about", "must be a string");
            }

            if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                Problem("claims", "is required: an array of claims");
                return [];
            }

            if (claims.GetArrayLength() == 0)
            {
                Problem("claims", "is empty: nothing to import");
            }

            var drafts = new List<(int Index, string? Id, Claim Claim, string? ParentRef)>();
            var index = 0;
            foreach (var element in claims.EnumerateArray())
            {
                var draft = ClaimEntry(element, $"claims[{index}]");
                if (draft is not null)
                {
                    drafts.Add((index, draft.Value.Id, draft.Value.Claim, draft.Value.ParentRef));
                }

                index++;
            }

            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var d in drafts.Where(d => d.Id is not null))
            {
                if (!ids.TryAdd(d.Id!, d.Index))
                {
                    Problem($"claims[{d.Index}].id", $"'{d.Id}' is already the id of claims[{ids[d.Id!]}]");
                }
            }

            foreach (var d in drafts.Where(d => d.ParentRef is not null))
            {
                var path = $"claims[{d.Index}].parent";
                var parentRef = d.ParentRef!;
                if (parentRef.StartsWith("claims/", StringComparison.Ordinal))
                {
                    ExternalParents.Add((path, parentRef));
                }
                else if (parentRef == d.Id)
                {
                    Problem(path, "a claim cannot be its own parent");
                }
                else if (!ids.ContainsKey(parentRef))
                {
                    Problem(path, $"'{parentRef}' is not the id of a claim in this file (to name a claim already in the service, write 'claims/{parentRef}')");
                }
            }

            if (Problems.Count > 0)
            {
                return [];
            }

            return Order(drafts);
        }

        /// <summary>Parents before children, each with its final id, parent name and request id.</summary>
        private List<ImportEntry> Order(List<(int Index, string? Id, Claim Claim, string? ParentRef)> drafts)
        {
            var byId = drafts.Where(d => d.Id is not null).ToDictionary(d => d.Id!, d => d);
            var done = new HashSet<int>();
            var visiting = new HashSet<int>();
            var entries = new List<ImportEntry>();

            void Visit((int Index, string? Id, Claim Claim, string? ParentRef) draft)
            {
                if (done.Contains(draft.Index))
                {
                    return;
                }

                if (!visiting.Add(draft.Index))
                {
                    Problem($"claims[{draft.Index}].parent", "parent links form a cycle");
                    return;
                }

                var claim = draft.Claim.Clone();
                if (draft.ParentRef is { } parentRef)
                {
                    if (parentRef.StartsWith("claims/", StringComparison.Ordinal))
                    {
                        claim.Parent = parentRef;
                    }
                    else
                    {
                        Visit(byId[parentRef]);
                        claim.Parent = "claims/" + parentRef;
                    }
                }

                // Entries without an id get one derived from their content, so that a second
                // import finds them again instead of creating a twin.
                var request = new CreateClaimRequest { Claim = claim, ClaimId = draft.Id ?? DerivedId(claim) };
                request.RequestId = RequestId(request);
                entries.Add(new ImportEntry(draft.Index, draft.Id, request));
                visiting.Remove(draft.Index);
                done.Add(draft.Index);
            }

            foreach (var draft in drafts)
            {
                Visit(draft);
            }

            return Problems.Count > 0 ? [] : entries;
        }

        private static string DerivedId(Claim claim) =>
            "c-" + Convert.ToHexStringLower(SHA256.HashData(claim.ToByteArray()), 0, 10);

        private (string? Id, Claim Claim, string? ParentRef)? ClaimEntry(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "must be an object");
                return null;
            }

            UnknownFields(element, path, ClaimFields);
            var claim = new Claim();
            var id = String(element, path, "id", 63);
            if (id is not null && !IdPattern().IsMatch(id))
            {
                Problem($"{path}.id", "must be 1 to 63 lower-case letters, digits or '-', starting with a letter");
            }

            var text = String(element, path, "text", 4000);
            if (string.IsNullOrWhiteSpace(text))
            {
                Problem($"{path}.text", "is required");
            }

            claim.Text = text ?? "";
            claim.Speaker = String(element, path, "speaker", 200) ?? "";
            claim.Language = String(element, path, "language", 35) ?? "";
            if (claim.Language.Length > 0 && !LanguagePattern().IsMatch(claim.Language))
            {
                Problem($"{path}.language", "must be a BCP-47 language tag such as 'en' or 'pt-BR'");
            }

            var status = String(element, path, "status", 20);
            claim.Status = status?.ToLowerInvariant() switch
            {
                null or "unverified" => ClaimStatus.Unspecified,
                "pending" => ClaimStatus.Pending,
                _ => Invalid($"{path}.status", $"must be \"unverified\" or \"pending\" (got '{status}'); later statuses come from verdicts", ClaimStatus.Unspecified),
            };

            if (element.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array)
            {
                var count = sources.GetArrayLength();
                if (count is 0 or > 20)
                {
                    Problem($"{path}.sources", $"must have 1 to 20 entries (got {count})");
                }

                var i = 0;
                foreach (var source in sources.EnumerateArray())
                {
                    if (SourceEntry(source, $"{path}.sources[{i}]") is { } s)
                    {
                        claim.Sources.Add(s);
                    }

                    i++;
                }
            }
            else
            {
                Problem($"{path}.sources", sources.ValueKind == JsonValueKind.Undefined ? "is required: at least one source" : "must be an array of sources");
            }

            claim.RequiredParties.AddRange(Names(element, path, "requiredParties", 20, 100, null).Select(p => p.Trim()));
            claim.Tags.AddRange(Names(element, path, "tags", 20, 50, TagPattern()));
            if (String(element, path, "due", 100) is { } due)
            {
                claim.DueTime = Time(due, $"{path}.due");
            }

            var parent = String(element, path, "parent", 200);
            return (id, claim, string.IsNullOrEmpty(parent) ? null : parent);
        }

        private Source? SourceEntry(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "must be an object with at least a \"url\"");
                return null;
            }

            UnknownFields(element, path, SourceFields);
            var url = String(element, path, "url", 2000)?.Trim();
            if (string.IsNullOrEmpty(url))
            {
                Problem($"{path}.url", "is required");
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            {
                Problem($"{path}.url", $"must be an absolute http or https URL (got '{url}')");
            }

            return new Source
            {
                Url = url ?? "",
                Title = String(element, path, "title", 500) ?? "",
                Publisher = String(element, path, "publisher", 200) ?? "",
                Quote = String(element, path, "quote", 4000) ?? "",
                PublishedTime = String(element, path, "published", 100) is { } published ? Time(published, $"{path}.published") : null,
            };
        }

        private string? String(JsonElement element, string path, string field, int max)
        {
            if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Problem($"{path}.{field}", $"must be a string (got {Kind(value)})");
                return null;
            }

            var text = value.GetString()!;
            if (text.Length > max)
            {
                Problem($"{path}.{field}", $"must be at most {max} characters (got {text.Length})");
            }

            return text;
        }

        private List<string> Names(JsonElement element, string path, string field, int maxCount, int maxLength, Regex? pattern)
        {
            var names = new List<string>();
            if (!element.TryGetProperty(field, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                return names;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Problem($"{path}.{field}", $"must be an array of strings (got {Kind(array)})");
                return names;
            }

            if (array.GetArrayLength() > maxCount)
            {
                Problem($"{path}.{field}", $"must have at most {maxCount} entries (got {array.GetArrayLength()})");
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var itemPath = $"{path}.{field}[{i++}]";
                var name = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : null;
                if (name is null)
                {
                    Problem(itemPath, $"must be a string (got {Kind(item)})");
                }
                else if (name.Length == 0)
                {
                    Problem(itemPath, "must not be empty");
                }
                else if (name.Length > maxLength)
                {
                    Problem(itemPath, $"must be at most {maxLength} characters (got {name.Length})");
                }
                else if (pattern is not null && !pattern.IsMatch(name))
                {
                    Problem(itemPath, $"may contain only letters, digits, '.', '_' and '-' (got '{name}')");
                }
                else if (!seen.Add(name))
                {
                    Problem(itemPath, $"'{name}' is listed twice");
                }
                else
                {
                    names.Add(name);
                }
            }

            return names;
        }

        private Timestamp? Time(string value, string path)
        {
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Timestamp.FromDateTimeOffset(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return Timestamp.FromDateTimeOffset(time);
            }

            Problem(path, $"must be a date (2026-12-31) or a time (2026-12-31T23:59:59Z) (got '{value}')");
            return null;
        }

        private void UnknownFields(JsonElement element, string path, string[] known)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    var where = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    Problem(where, $"unknown field (known: {string.Join(", ", known)})");
                }
            }
        }

        private T Invalid<T>(string path, string message, T fallback)
        {
            Problem(path, message);
            return fallback;
        }

        private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
    }
}
