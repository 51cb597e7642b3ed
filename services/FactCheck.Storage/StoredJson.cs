using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactCheck.Storage;

/// <summary>
/// How both services store records as JSON documents beside their indexed columns: enums by
/// name (readable in the database, safe if numbers change), nulls left out.
/// </summary>
public static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"stored {typeof(T).Name} document is empty");
}
