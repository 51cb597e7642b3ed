using FactCheck.Claims.Storage;

namespace FactCheck.Claims.Application;

/// <summary>Reading one claim and its history: nothing to check beyond the name the edge has read, so straight to the store.</summary>
public sealed class ClaimReader(ClaimStore store)
{
    public Task<Claim> GetAsync(string claimId, CancellationToken ct) => store.GetAsync(claimId, ct);

    /// <summary>Up to <paramref name="limit"/> of the claim's events after <paramref name="afterSequence"/>, oldest first.</summary>
    public Task<IReadOnlyList<ClaimEvent>> HistoryAsync(string claimId, long afterSequence, int limit, CancellationToken ct) =>
        store.ListHistoryAsync(claimId, afterSequence, limit, ct);
}
