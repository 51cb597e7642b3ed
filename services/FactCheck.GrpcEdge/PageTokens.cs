using System.Buffers.Text;
using System.Text.Json;

namespace FactCheck.GrpcEdge;

/// <summary>
/// Opaque page tokens (AIP-158). A token carries the position after the last item of a page
/// and the <see cref="Fingerprints"/> of the request's filters, so a token cannot be replayed with other filters.
/// </summary>
public static class PageTokens
{
    private sealed record Payload(int V, string F, long[] K);

    public static string Encode(string fingerprint, params long[] position) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(1, fingerprint, position)));

    /// <summary>Returns the position the token carries, or null with a description of what is wrong.</summary>
    public static long[]? TryDecode(string token, string fingerprint, int positionLength, out string? problem)
    {
        problem = null;
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(token));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            payload = null;
        }

        if (payload is null || payload.V != 1 || payload.K is null || payload.K.Length != positionLength)
        {
            problem = "is not a page token issued by this service";
            return null;
        }

        if (payload.F != fingerprint)
        {
            problem = "was issued for a request with other filters or order; repeat the request's filters or start again without a token";
            return null;
        }

        return payload.K;
    }

    /// <summary>
    /// Splits rows fetched with one extra (pageSize + 1, which tells whether another page exists
    /// without a second query) into the page and the token for the next one, positioned after the
    /// page's last row.
    /// </summary>
    public static (List<T> Page, string NextPageToken) Split<T>(IReadOnlyList<T> fetched, int pageSize, string fingerprint, Func<T, long> position)
    {
        var page = fetched.Take(pageSize).ToList();
        return (page, fetched.Count > pageSize ? Encode(fingerprint, position(page[^1])) : "");
    }
}
