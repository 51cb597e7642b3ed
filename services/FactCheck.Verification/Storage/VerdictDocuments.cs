using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactCheck.Verification.Storage;

/// <summary>How verdicts and claim snapshots are stored as JSON documents beside their indexed columns.</summary>
public static class VerdictDocuments
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"stored {typeof(T).Name} document is empty");

    /// <summary>A fresh verdict id: "v" and 32 hex digits, time-ordered.</summary>
    public static string NewVerdictId() => "v" + Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// A fresh outbox id. It becomes the claims service's request_id, so it must be unique
    /// across databases too: a recreated database must never repeat an id the claims service has seen.
    /// </summary>
    public static string NewOutboxId() => "verification-" + Guid.CreateVersion7().ToString("D");
}
