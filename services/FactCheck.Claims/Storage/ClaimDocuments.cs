using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The claim and event documents of the claims store, the store's hottest JSON: source-generated
/// serialization (no reflection) with <see cref="StoredJson"/>'s options, so the documents are the
/// ones <see cref="StoredJson.Write{T}(T)"/> writes and old rows read back as before. A write
/// serializes its claim once (<see cref="Claim(Domain.Claim)"/>) and puts that text into the
/// event document (<see cref="Event"/>) instead of serializing the claim a second time.
/// </summary>
internal static class ClaimDocuments
{
    public static string Claim(Claim claim) => StoredJson.Write(claim, ClaimDocumentJson.Default.Claim);

    public static Claim ReadClaim(string json) => StoredJson.Read(json, ClaimDocumentJson.Default.Claim);

    public static ClaimEvent ReadEvent(string json) => StoredJson.Read(json, ClaimDocumentJson.Default.ClaimEvent);

    /// <summary>The event's document, its claim given as <paramref name="claimDocument"/>, that claim's own document.</summary>
    public static string Event(ClaimEvent change, string claimDocument) =>
        StoredJson.Write(StoredClaimEvent.Of(change, claimDocument), ClaimDocumentJson.Default.StoredClaimEvent);
}

/// <summary>
/// <see cref="ClaimEvent"/> as stored, with its claim as JSON already written: the same properties
/// in the same order, so the document is the one serializing the event itself gives
/// (ClaimDocumentsTests compares them, and the properties).
/// </summary>
internal sealed record StoredClaimEvent(
    long Sequence,
    ClaimEventType Type,
    WrittenJson Claim,
    ClaimStatus? PreviousStatus,
    string Actor,
    string Reason,
    IReadOnlyList<Evidence> Evidence,
    DateTimeOffset Time,
    string RequestId,
    string? TraceParent)
{
    public static StoredClaimEvent Of(ClaimEvent change, string claimDocument) =>
        new(change.Sequence, change.Type, new WrittenJson(claimDocument), change.PreviousStatus, change.Actor, change.Reason, change.Evidence,
            change.Time, change.RequestId, change.TraceParent);
}

/// <summary>A JSON value already serialized, written into the enclosing document as it is.</summary>
[JsonConverter(typeof(WrittenJsonConverter))]
internal sealed record WrittenJson(string Json);

internal sealed class WrittenJsonConverter : JsonConverter<WrittenJson>
{
    // Our own serializer wrote the text, so it is valid JSON: validating it again would parse it again.
    public override void Write(Utf8JsonWriter writer, WrittenJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);

    public override WrittenJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new WrittenJson(document.RootElement.GetRawText());
    }
}

/// <summary>The source-generated serializers, with <see cref="StoredJson"/>'s options: enums by name, nulls left out.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Claim))]
[JsonSerializable(typeof(ClaimEvent))]
[JsonSerializable(typeof(StoredClaimEvent))]
internal sealed partial class ClaimDocumentJson : JsonSerializerContext;
