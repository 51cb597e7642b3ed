using System.Globalization;
using System.Text.Json;

namespace FactCheck.Testing;

/// <summary>
/// Checks a document against JSON-LD's syntax (keywords, @context, @graph, node objects) and
/// against the schema.org terms a ClaimReview uses: each node's @type is a schema.org type and
/// each of its properties is a schema.org property of that type, with values of the expected
/// kind (text, number, ISO 8601 date, absolute URL, nested node). The vocabulary below is copied
/// from schema.org's definitions of these types; a full JSON-LD processor would need the remote
/// schema.org context, which tests cannot fetch.
/// </summary>
public static class ClaimReviewSchema
{
    private static readonly string[] Keywords = ["@context", "@graph", "@type", "@id"];

    private enum Kind
    {
        Text,
        Number,
        Date,
        Url,
        Node,
        Nodes,
    }

    private static readonly Dictionary<string, Dictionary<string, (Kind Kind, string[] Types)>> Vocabulary = new()
    {
        ["ClaimReview"] = new()
        {
            ["identifier"] = (Kind.Text, []),
            ["url"] = (Kind.Url, []),
            ["claimReviewed"] = (Kind.Text, []),
            ["itemReviewed"] = (Kind.Node, ["Claim"]),
            ["reviewRating"] = (Kind.Node, ["Rating"]),
            ["author"] = (Kind.Node, ["Organization", "Person"]),
            ["datePublished"] = (Kind.Date, []),
            ["dateCreated"] = (Kind.Date, []),
            ["inLanguage"] = (Kind.Text, []),
            ["keywords"] = (Kind.Text, []),
        },
        ["Claim"] = new()
        {
            ["author"] = (Kind.Node, ["Organization", "Person"]),
            ["appearance"] = (Kind.Nodes, ["CreativeWork"]),
            ["datePublished"] = (Kind.Date, []),
        },
        ["Rating"] = new()
        {
            ["ratingValue"] = (Kind.Number, []),
            ["bestRating"] = (Kind.Number, []),
            ["worstRating"] = (Kind.Number, []),
            ["alternateName"] = (Kind.Text, []),
            ["ratingExplanation"] = (Kind.Text, []),
        },
        ["CreativeWork"] = new()
        {
            ["url"] = (Kind.Url, []),
            ["headline"] = (Kind.Text, []),
            ["publisher"] = (Kind.Node, ["Organization", "Person"]),
            ["datePublished"] = (Kind.Date, []),
            ["text"] = (Kind.Text, []),
        },
        ["Organization"] = new() { ["name"] = (Kind.Text, []), ["url"] = (Kind.Url, []) },
        ["Person"] = new() { ["name"] = (Kind.Text, []), ["url"] = (Kind.Url, []) },
    };

    /// <summary>Every problem found, as "path: problem"; empty when the document is valid.</summary>
    public static List<string> Problems(JsonElement document)
    {
        var problems = new List<string>();
        if (document.ValueKind != JsonValueKind.Object)
        {
            return ["$: a JSON-LD document must be an object"];
        }

        if (!document.TryGetProperty("@context", out var context) || context.GetString() != "https://schema.org")
        {
            problems.Add("$.@context: must be \"https://schema.org\"");
        }

        if (!document.TryGetProperty("@graph", out var graph) || graph.ValueKind != JsonValueKind.Array)
        {
            problems.Add("$.@graph: must be an array of nodes");
            return problems;
        }

        var i = 0;
        foreach (var node in graph.EnumerateArray())
        {
            Node(node, $"$.@graph[{i++}]", ["ClaimReview"], problems);
        }

        return problems;
    }

    private static void Node(JsonElement node, string path, string[] allowedTypes, List<string> problems)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("@type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}: must be a node object with an @type");
            return;
        }

        var type = typeElement.GetString()!;
        if (!allowedTypes.Contains(type) || !Vocabulary.TryGetValue(type, out var properties))
        {
            problems.Add($"{path}.@type: '{type}' is not one of {string.Join(", ", allowedTypes)}");
            return;
        }

        foreach (var property in node.EnumerateObject())
        {
            var where = $"{path}.{property.Name}";
            if (property.Name.StartsWith('@'))
            {
                if (!Keywords.Contains(property.Name) || property.Name is "@context" or "@graph")
                {
                    problems.Add($"{where}: not a JSON-LD keyword allowed in a node object");
                }

                continue;
            }

            if (!properties.TryGetValue(property.Name, out var expected))
            {
                problems.Add($"{where}: not a schema.org property of {type}");
                continue;
            }

            Value(property.Value, where, expected, problems);
        }

        if (type == "Rating")
        {
            var value = node.GetProperty("ratingValue").GetDouble();
            var best = node.GetProperty("bestRating").GetDouble();
            var worst = node.GetProperty("worstRating").GetDouble();
            if (!(worst <= value && value <= best))
            {
                problems.Add($"{path}.ratingValue: {value} is outside {worst}..{best}");
            }
        }
    }

    private static void Value(JsonElement value, string path, (Kind Kind, string[] Types) expected, List<string> problems)
    {
        switch (expected.Kind)
        {
            case Kind.Text when value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0:
                problems.Add($"{path}: must be non-empty text");
                break;
            case Kind.Number when value.ValueKind != JsonValueKind.Number:
                problems.Add($"{path}: must be a number");
                break;
            case Kind.Date when value.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                || value.GetString()!.Length < 10 || value.GetString()![4] != '-':
                problems.Add($"{path}: must be an ISO 8601 date or date-time");
                break;
            case Kind.Url when value.ValueKind != JsonValueKind.String || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out _):
                problems.Add($"{path}: must be an absolute URL");
                break;
            case Kind.Node:
                Node(value, path, expected.Types, problems);
                break;
            case Kind.Nodes when value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0:
                problems.Add($"{path}: must be a non-empty array of nodes");
                break;
            case Kind.Nodes:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Node(item, $"{path}[{i++}]", expected.Types, problems);
                }

                break;
        }
    }
}
