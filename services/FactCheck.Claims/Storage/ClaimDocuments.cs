using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The claim and event documents of the claims store, the store's hottest JSON: source-generated
/// serialization (no reflection) with <see cref="StoredJson"/>'s options, so the documents are the
/// ones <see cref="StoredJson.Write{T}(T)"/> writes and old rows read back as before.
/// </summary>
internal static class ClaimDocuments
{
    public static string Claim(Claim claim) => StoredJson.Write(claim, ClaimDocumentJson.Default.Claim);

    public static Claim ReadClaim(string json) => StoredJson.Read(json, ClaimDocumentJson.Default.Claim);

    public static ClaimEvent ReadEvent(string json) => StoredJson.Read(json, ClaimDocumentJson.Default.ClaimEvent);

    public static string Event(ClaimEvent change) => StoredJson.Write(change, ClaimDocumentJson.Default.ClaimEvent);
}

/// <summary>The source-generated serializers, with <see cref="StoredJson"/>'s options: enums by name, nulls left out.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Claim))]
[JsonSerializable(typeof(ClaimEvent))]
internal sealed partial class ClaimDocumentJson : JsonSerializerContext;
