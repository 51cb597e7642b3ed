using Limits = FactCheck.Domain.Limits;
using FactCheck.Contracts.V1;
using Google.Protobuf;

namespace FactCheck.Client;

/// <summary>
/// Reading a whole list by following next_page_token (AIP-158) until the last page: written
/// once, for every list a client reads whole (`claims list --all`, `export`, a claim's history and verdicts).
/// </summary>
public static class Pages
{
    /// <summary>The page size asked for when reading a whole list: the largest the services serve, for the fewest calls.</summary>
    public const int WholeListPageSize = Limits.MaxPageSize;

    /// <summary>
    /// Calls <paramref name="list"/> from <paramref name="request"/> on (a copy: the caller's
    /// request is left as it was) and collects every page's items.
    /// </summary>
    /// <param name="page">A response's items and its next_page_token ("" on the last page).</param>
    /// <param name="continueAt">Sets the page_token of the next request.</param>
    public static async Task<List<TItem>> AllAsync<TRequest, TResponse, TItem>(
        TRequest request,
        Func<TRequest, CancellationToken, Task<TResponse>> list,
        Func<TResponse, (IEnumerable<TItem> Items, string NextPageToken)> page,
        Action<TRequest, string> continueAt,
        CancellationToken cancel)
        where TRequest : IMessage<TRequest>
    {
        var next = request.Clone();
        var items = new List<TItem>();
        while (true)
        {
            var (pageItems, token) = page(await list(next, cancel));
            items.AddRange(pageItems);
            if (token.Length == 0)
            {
                return items;
            }

            continueAt(next, token);
        }
    }

    /// <summary>Every claim <paramref name="request"/> matches, from its page token on (pages of <see cref="WholeListPageSize"/> unless it says otherwise).</summary>
    public static Task<List<Claim>> AllClaimsAsync(this ClaimsService.ClaimsServiceClient claims, ListClaimsRequest request, CancellationToken cancel)
    {
        var first = request.Clone();
        first.PageSize = first.PageSize == 0 ? WholeListPageSize : first.PageSize;
        return AllAsync(first, (r, c) => claims.ListClaimsAsync(r, cancellationToken: c).ResponseAsync,
            p => (p.Claims, p.NextPageToken), (r, token) => r.PageToken = token, cancel);
    }

    /// <summary>Every event of the claim <paramref name="name"/>, oldest first.</summary>
    public static Task<List<ClaimEvent>> HistoryAsync(this ClaimsService.ClaimsServiceClient claims, string name, CancellationToken cancel) =>
        AllAsync(new ListClaimHistoryRequest { Name = name, PageSize = WholeListPageSize },
            (r, c) => claims.ListClaimHistoryAsync(r, cancellationToken: c).ResponseAsync,
            p => (p.Events, p.NextPageToken), (r, token) => r.PageToken = token, cancel);
}
