using FactCheck.Client;
using FactCheck.Contracts.V1;
using Grpc.Core;
using Polly;
using WholeLists = FactCheck.Client.Pages;

namespace FactCheck.Web.Services;

/// <summary>Everything a claim's page shows, read from both services.</summary>
public sealed record ClaimView(
    Claim Claim,
    IReadOnlyList<ClaimEvent> History,
    IReadOnlyList<Verdict> Verdicts,
    VerificationSummary Summary,
    Claim? Parent,
    IReadOnlyList<Claim> Children,
    IReadOnlyList<ClaimMatch> Similar);

/// <summary>
/// The reads behind the pages, each through the <see cref="Reads"/> pipeline. Only reads: the
/// pages change nothing, and the key they hold is a reader's.
/// </summary>
public sealed class ClaimPages(ClaimsService.ClaimsServiceClient claims, VerificationService.VerificationServiceClient verification, ResiliencePipeline reads)
{
    /// <summary>Similar claims shown on a claim's page.</summary>
    public const int SimilarShown = 5;

    /// <summary>The claim <paramref name="name"/>, or null when there is none.</summary>
    public async Task<Claim?> ClaimAsync(string name, CancellationToken cancel)
    {
        try
        {
            return await Read(c => claims.GetClaimAsync(new GetClaimRequest { Name = name }, cancellationToken: c).ResponseAsync, cancel);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The last event of claim <paramref name="name"/> (its sequence, and the claim as it stands after it), or null when there is no such claim.</summary>
    public async Task<ClaimEvent?> LastEventAsync(string name, CancellationToken cancel)
    {
        try
        {
            return (await Read(c => claims.HistoryAsync(name, c), cancel)).LastOrDefault();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<ListClaimsResponse> ListAsync(ListClaimsRequest request, CancellationToken cancel) =>
        Read(c => claims.ListClaimsAsync(request, cancellationToken: c).ResponseAsync, cancel);

    public Task<MatchClaimsResponse> MatchAsync(string text, int pageSize, CancellationToken cancel) =>
        Read(c => claims.MatchClaimsAsync(new MatchClaimsRequest { Text = text, PageSize = pageSize }, cancellationToken: c).ResponseAsync, cancel);

    /// <summary>The claim <paramref name="name"/> with its history, verdicts, relatives and similar claims; null when there is no such claim.</summary>
    public async Task<ClaimView?> ClaimViewAsync(string name, CancellationToken cancel)
    {
        if (await ClaimAsync(name, cancel) is not { } claim)
        {
            return null;
        }

        var history = Read(c => claims.HistoryAsync(name, c), cancel);
        var verdicts = Read(c => WholeLists.AllAsync(new ListVerdictsRequest { Claim = name, PageSize = WholeLists.WholeListPageSize },
            (r, rc) => verification.ListVerdictsAsync(r, cancellationToken: rc).ResponseAsync,
            p => (p.Verdicts, p.NextPageToken), (r, token) => r.PageToken = token, c), cancel);
        var summary = Read(c => verification.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = name }, cancellationToken: c).ResponseAsync, cancel);
        var parent = claim.Parent.Length > 0 ? ClaimAsync(claim.Parent, cancel) : Task.FromResult<Claim?>(null);
        var children = Read(c => claims.AllClaimsAsync(new ListClaimsRequest { Parent = name, Order = ClaimOrder.DueSoonest }, c), cancel);
        // One more than shown: the claim itself is usually its own best match.
        var similar = MatchAsync(claim.Text, SimilarShown + 1, cancel);
        await Task.WhenAll(history, verdicts, summary, parent, children, similar);

        return new ClaimView(claim, await history, await verdicts, await summary, await parent, await children,
            (await similar).Matches.Where(m => m.Claim.Name != claim.Name).Take(SimilarShown).ToList());
    }

    private async Task<T> Read<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancel) =>
        await reads.ExecuteAsync(async c => await call(c), cancel);
}
