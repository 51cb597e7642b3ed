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
/// Where a full-text listing reads its claims (<see cref="ClaimSearch.Listing"/>): the FROM clause,
/// the expression that is the claims row's pk in it (for the order and the keyset), the WHERE
/// condition on the parameter @query and that parameter's value.
/// </summary>
public sealed record SearchedClaims(string From, string RowKey, string Condition, string Parameter);
