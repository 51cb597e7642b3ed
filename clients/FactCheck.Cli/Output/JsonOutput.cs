using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace FactCheck.Cli.Output;

/// <summary>
/// JSON for --output json and export: messages in the protobuf JSON mapping (lowerCamelCase
/// fields, enum names, RFC 3339 times), the same shape grpcurl prints. Scalar and list fields are
/// always present, even when empty; message fields that are not set (a claim without a due time)
/// are left out, which jq reads as null.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Claim texts are prose in any language: keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonNode Node(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    public static JsonArray Array(IEnumerable<IMessage> messages) => new(messages.Select(m => (JsonNode?)Node(m)).ToArray());

    public static string Pretty(JsonNode node) => node.ToJsonString(Indented);

    public static string Line(JsonNode node) => node.ToJsonString(Compact);
}
