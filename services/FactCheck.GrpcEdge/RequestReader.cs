using FactCheck.Domain;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.GrpcEdge;

/// <summary>
/// Reads the fields every FactCheck API shares (claim names, timestamps, paging) from a
/// request, adding a violation for each field it cannot read instead of stopping at the first.
/// </summary>
public static class RequestReader
{
    // The range google.protobuf.Timestamp allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    /// <summary>Reads "claims/{claim_id}"; adds a violation for <paramref name="field"/> when it is not one.</summary>
    public static string? ClaimId(string name, string field, List<FieldViolation> violations, bool required = true)
    {
        if (string.IsNullOrEmpty(name))
        {
            if (required)
            {
                violations.Add(new(field, "is required, as 'claims/{claim_id}'"));
            }

            return null;
        }

        var id = ClaimName.IdOf(name);
        if (id is null)
        {
            violations.Add(new(field, $"must be a claim name 'claims/{{claim_id}}' (got '{Phrasing.Shorten(name)}')"));
        }

        return id;
    }

    public static DateTimeOffset? Time(Timestamp? time, string field, List<FieldViolation> violations)
    {
        if (time is null)
        {
            return null;
        }

        // ToDateTimeOffset throws outside the range a Timestamp may hold; say so as a field error instead.
        if (time.Seconds < MinTimestampSeconds || time.Seconds > MaxTimestampSeconds || time.Nanos is < 0 or > 999_999_999)
        {
            violations.Add(new(field, "is not a valid timestamp (years 0001 to 9999, nanos below one second)"));
            return null;
        }

        return time.ToDateTimeOffset();
    }

    /// <summary>AIP-158 page size: 0 means the default, larger than the maximum is lowered to it, negative is refused.</summary>
    public static int PageSize(int requested, LimitSettings limits, List<FieldViolation> violations)
    {
        var max = limits;
        if (requested < 0)
        {
            violations.Add(new("page_size", "must not be negative"));
        }

        return requested <= 0 ? max.DefaultPageSize : Math.Min(requested, max.MaxPageSize);
    }

    /// <summary>The position a page token carries (null for the first page); a foreign or forged token adds a violation.</summary>
    public static long[]? PagePosition(string token, string fingerprint, int positionLength, List<FieldViolation> violations)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var position = PageTokens.TryDecode(token, fingerprint, positionLength, out var problem);
        if (position is null)
        {
            violations.Add(new("page_token", problem!));
        }

        return position;
    }

    /// <summary>An optional string field: null when it is empty, as proto3 sends "not set".</summary>
    public static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Adds <paramref name="violation"/> and returns <paramref name="fallback"/>, for a field read inside an expression.</summary>
    public static T Refuse<T>(List<FieldViolation> violations, FieldViolation violation, T fallback = default!)
    {
        violations.Add(violation);
        return fallback;
    }
}
