namespace FactCheck.Claims.Storage;

/// <summary>Order of a claim listing.</summary>
public enum ClaimOrder
{
    Newest,
    Oldest,
    DueSoonest,
}

/// <summary>ListClaims' filters, all combined with AND; null or empty means "any".</summary>
public sealed record ClaimFilter(
    IReadOnlyList<ClaimStatus> Statuses,
    string? Speaker = null,
    string? Tag = null,
    string? SourcePublisher = null,
    string? SourceUrl = null,
    DateTimeOffset? DueBefore = null,
    DateTimeOffset? DueAfter = null,
    string? Query = null,
    string? ParentId = null);

/// <summary>Where a keyset page ends: the sort key and the row key of its last claim.</summary>
public sealed record ListPosition(long SortKey, long RowKey);

/// <summary>One page of claims and where the next one starts (null on the last page).</summary>
public sealed record ClaimPage(IReadOnlyList<Claim> Claims, ListPosition? Next);

/// <summary>
/// The claims service's storage. Every write is one transaction that also appends its event,
/// so the claim, its history and the watch sequence never disagree. Implementations throw the
/// domain's <see cref="RefusalException"/> for refused writes.
/// </summary>
public interface IClaimStore
{
    /// <summary>Applies pending schema migrations. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>Round-trips to the database; throws when it cannot be reached.</summary>
    Task PingAsync(CancellationToken ct);

    /// <summary>Creates a claim (<see cref="ClaimDecisions.Create"/>) under <paramref name="claimId"/>, or under a fresh id when it is null.</summary>
    Task<Claim> CreateAsync(string? claimId, ClaimContent content, ClaimStatus status, string statusDetail, WriteContext write, CancellationToken ct);

    Task<Claim> GetAsync(string claimId, CancellationToken ct);

    Task<ClaimPage> ListAsync(ClaimFilter filter, ClaimOrder order, ListPosition? after, int pageSize, CancellationToken ct);

    /// <summary>Applies <paramref name="edit"/> to the claim (<see cref="ClaimDecisions.Edit"/>) when the etag, if given, still matches.</summary>
    Task<Claim> UpdateContentAsync(string claimId, string? etag, ClaimEdit edit, WriteContext write, CancellationToken ct);

    /// <summary>Moves the claim to a new status (<see cref="ClaimDecisions.ChangeStatus"/>) when the etag, if given, still matches.</summary>
    Task<Claim> ChangeStatusAsync(string claimId, string? etag, StatusChange change, WriteContext write, CancellationToken ct);

    /// <summary>One claim's events after <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<ClaimEvent>> ListHistoryAsync(string claimId, long afterSequence, int limit, CancellationToken ct);

    /// <summary>All claims' events after <paramref name="afterSequence"/>, in sequence order, without gaps.</summary>
    Task<IReadOnlyList<ClaimEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken ct);

    /// <summary>The sequence number of the newest committed event, 0 when there is none.</summary>
    Task<long> LatestSequenceAsync(CancellationToken ct);
}
