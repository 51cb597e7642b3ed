using FactCheck.Domain;
using Google.Protobuf;

namespace FactCheck.GrpcEdge;

/// <summary>
/// One page of a list ordered by a sequence number (a claim's history, a claim's verdicts), as a
/// request asks for it: its size, the sequence it starts after, and the fingerprint its page
/// tokens are tied to (the request without page_size and page_token, AIP-158).
/// </summary>
public sealed record SequencePage(int Size, long After, string Fingerprint)
{
    /// <summary>How many rows to fetch: one more than the page, which tells whether another page follows.</summary>
    public int FetchLimit => Size + 1;

    /// <summary>Reads the page a request asks for; a bad page size or token adds a violation.</summary>
    public static SequencePage Read<T>(T request, int pageSize, string pageToken, LimitSettings limits, List<FieldViolation> violations)
        where T : IMessage<T>
    {
        var size = RequestReader.PageSize(pageSize, limits, violations);
        var fingerprint = Fingerprints.Of(request, r =>
        {
            r.Descriptor.FindFieldByName("page_size")?.Accessor.SetValue(r, 0);
            r.Descriptor.FindFieldByName("page_token")?.Accessor.SetValue(r, "");
        });
        var after = RequestReader.PagePosition(pageToken, fingerprint, 1, violations)?[0] ?? 0;
        return new SequencePage(size, after, fingerprint);
    }

    /// <summary>The page out of rows fetched with <see cref="FetchLimit"/>, and the token of the next page ("" on the last).</summary>
    public (List<TItem> Items, string NextPageToken) Split<TItem>(IReadOnlyList<TItem> fetched, Func<TItem, long> sequence) =>
        PageTokens.Split(fetched, Size, Fingerprint, sequence);
}
