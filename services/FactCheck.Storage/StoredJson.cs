using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
        JsonSerializer.Deserialize<T>(json, Options) ?? throw Empty<T>();

    /// <summary>
    /// Writes with a source-generated serializer, for the hottest documents: <paramref name="type"/>
    /// must come from a context generated with the options above (the caller's tests compare).
    /// </summary>
    public static string Write<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    /// <summary>Reads with a source-generated serializer (see <see cref="Write{T}(T, JsonTypeInfo{T})"/>).</summary>
    public static T Read<T>(string json, JsonTypeInfo<T> type) => JsonSerializer.Deserialize(json, type) ?? throw Empty<T>();

    private static InvalidDataException Empty<T>() => new($"stored {typeof(T).Name} document is empty");
}
