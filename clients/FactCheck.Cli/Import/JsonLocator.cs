using System.Text;
using System.Text.Json;

namespace FactCheck.Cli.Import;

/// <summary>
/// Where each value of a JSON document starts, by its path ("claims[3].sources[0].url"), as
/// line and column, so that validation can point at the place in the file a person edits.
/// System.Text.Json's DOM keeps no positions, hence one pass with the reader.
/// </summary>
public sealed class JsonLocator
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly byte[] _utf8;

    private JsonLocator(byte[] utf8) => _utf8 = utf8;

    /// <summary>Indexes <paramref name="utf8"/>; throws <see cref="JsonException"/> (with line and position) when it is not JSON.</summary>
    public static JsonLocator Index(byte[] utf8)
    {
        var locator = new JsonLocator(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    frames.Peek().Property = reader.GetString();
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    var path = frames.Count == 0 ? "" : frames.Peek().NextPath();
                    locator._offsets.TryAdd(path, reader.TokenStartIndex);
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    }

                    break;
            }
        }

        return locator;
    }

    /// <summary>"line:column" (1-based) of the value at <paramref name="path"/>, or of its nearest enclosing value.</summary>
    public string Position(string path)
    {
        var probe = path;
        while (!_offsets.ContainsKey(probe) && probe.Length > 0)
        {
            probe = Parent(probe);
        }

        var offset = (int)_offsets.GetValueOrDefault(probe);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (_utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var column = Encoding.UTF8.GetCharCount(_utf8, lineStart, offset - lineStart) + 1;
        return $"{line}:{column}";
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private sealed class Frame(string path, bool isArray)
    {
        private int _index;

        public string? Property { get; set; }

        public string NextPath() => isArray
            ? $"{path}[{_index++}]"
            : path.Length == 0 ? Property ?? "" : $"{path}.{Property}";
    }
}
