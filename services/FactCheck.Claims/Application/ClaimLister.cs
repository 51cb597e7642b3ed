using FactCheck.Claims.Storage;

namespace FactCheck.Claims.Application;

/// <summary>A listing: which claims, in which order, from where, how many.</summary>
public sealed record ClaimListing(ClaimFilter Filter, ClaimOrder Order, ListPosition? After, int PageSize);

/// <summary>
/// Listing claims: the filters are checked once (a filter longer than any stored value could match
/// nothing, and saying so beats an empty page), then the store reads one keyset page.
/// </summary>
public sealed class ClaimLister(ClaimStore store, LimitSettings limits)
{
    /// <summary>The domain keys of the filters, which the edge renders in its naming.</summary>
    public static class Fields
    {
        public const string Query = "query";
        public const string Speaker = "speaker";
        public const string Tag = "tag";
        public const string SourcePublisher = "sourcePublisher";
        public const string SourceUrl = "sourceUrl";
        public const string DueBefore = "dueBefore";
        public const string DueAfter = "dueAfter";
    }

    public Validated<ClaimListing> Check(ClaimListing listing)
    {
        var violations = new List<FieldViolation>();
        var filter = listing.Filter;
        if (filter.DueBefore is { } before && filter.DueAfter is { } after && before <= after)
        {
            violations.Add(new(Fields.DueBefore, "must be later than the due-after time"));
        }

        ClaimValidation.CheckText(filter.Query ?? "", limits.MaxQuery, TextKind.Line, Fields.Query, violations);
        ClaimValidation.CheckLength(filter.Speaker ?? "", limits.MaxSpeaker, Fields.Speaker, violations);
        ClaimValidation.CheckLength(filter.Tag ?? "", limits.MaxTag, Fields.Tag, violations);
        ClaimValidation.CheckLength(filter.SourcePublisher ?? "", limits.MaxPublisher, Fields.SourcePublisher, violations);
        ClaimValidation.CheckLength(filter.SourceUrl ?? "", limits.MaxUrl, Fields.SourceUrl, violations);
        return new(listing, violations);
    }

    public Task<ClaimPage> ListAsync(Validated<ClaimListing> request, CancellationToken ct)
    {
        var listing = request.Valid;
        return store.ListAsync(listing.Filter, listing.Order, listing.After, listing.PageSize, ct);
    }
}
