namespace FactCheck.Domain;

/// <summary>Why a request is refused, in the terms the gRPC edge maps to a status code (AIP-193).</summary>
public enum RefusalKind
{
    /// <summary>INVALID_ARGUMENT, with a violation per field.</summary>
    Invalid,

    /// <summary>NOT_FOUND.</summary>
    NotFound,

    /// <summary>ALREADY_EXISTS.</summary>
    AlreadyExists,

    /// <summary>ABORTED: the resource changed since the caller read it (a stale etag).</summary>
    Conflict,

    /// <summary>FAILED_PRECONDITION: the resource is not in a state that allows the request.</summary>
    FailedPrecondition,

    /// <summary>UNAVAILABLE: something the request needs cannot be reached; a retry may succeed.</summary>
    Unavailable,

    /// <summary>RESOURCE_EXHAUSTED: the caller has as many of something as it may (a quota).</summary>
    LimitReached,

    /// <summary>OUT_OF_RANGE: a position past the end of what exists (a sequence number beyond the newest).</summary>
    OutOfRange,
}

/// <summary>
/// A rule refused a request. Every refusal in either service is one of these: its
/// <see cref="Kind"/> picks the status code, <see cref="Reason"/> is the stable ErrorInfo reason
/// (CLAIM_NOT_FOUND, ...), <see cref="Metadata"/> the ErrorInfo metadata, and an invalid request
/// carries its <see cref="Violations"/>.
/// </summary>
public sealed class RefusalException(
    RefusalKind kind,
    string reason,
    string message,
    IReadOnlyDictionary<string, string>? metadata = null,
    IReadOnlyList<FieldViolation>? violations = null,
    TimeSpan? retryAfter = null) : Exception(message)
{
    public RefusalKind Kind { get; } = kind;

    /// <summary>How long a caller should wait before trying again (RetryInfo), when a retry may succeed.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public string Reason { get; } = reason;

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();

    public IReadOnlyList<FieldViolation> Violations { get; } = violations ?? [];

    /// <summary>This refusal with its violations' fields rendered by <paramref name="render"/> (domain keys to an edge's names).</summary>
    public RefusalException WithFields(Func<string, string> render)
    {
        if (Violations.Count == 0)
        {
            return this;
        }

        var rendered = Violations.Select(v => v with { Field = render(v.Field) }).ToList();
        return new(Kind, Reason, Refusals.Describe(rendered), Metadata, rendered, RetryAfter);
    }
}

/// <summary>The refusals both services make, each worded once.</summary>
public static class Refusals
{
    public static RefusalException Invalid(IReadOnlyList<FieldViolation> violations) =>
        new(RefusalKind.Invalid, "INVALID_ARGUMENT", Describe(violations), violations: violations);

    /// <summary>The message of an invalid request: each violation as "field: problem".</summary>
    public static string Describe(IReadOnlyList<FieldViolation> violations) => string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));

    public static RefusalException Invalid(string field, string description) => Invalid([new(field, description)]);

    /// <summary>Throws <see cref="Invalid(IReadOnlyList{FieldViolation})"/> when there is any violation.</summary>
    public static void ThrowIfAny(IReadOnlyList<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw Invalid(violations);
        }
    }

    /// <summary>
    /// A request that cannot be read at all: <paramref name="field"/> is the string field that is not
    /// UTF-8, or null when the message itself is garbled (truncated, a length that runs past its end).
    /// </summary>
    public static RefusalException Malformed(string? field) => field is not null
        ? Invalid(field, "is not valid UTF-8 (protobuf strings are UTF-8; an unpaired surrogate or a stray byte cannot be read)")
        : new(RefusalKind.Invalid, "MALFORMED_REQUEST", "the request is not a well-formed protobuf message of this method's request type");

    /// <param name="where">Where it was looked for, when not the service answering ("in the claims service").</param>
    public static RefusalException ClaimNotFound(string claimId, string? where = null) =>
        new(RefusalKind.NotFound, "CLAIM_NOT_FOUND", $"claim '{ClaimName.Of(claimId)}' does not exist" + (where is null ? "" : " " + where), ClaimMeta(claimId));

    public static RefusalException ClaimAlreadyExists(string claimId) =>
        new(RefusalKind.AlreadyExists, "CLAIM_ALREADY_EXISTS", $"claim '{ClaimName.Of(claimId)}' already exists", ClaimMeta(claimId));

    public static RefusalException EtagMismatch(string claimId, string expected, string actual) =>
        new(RefusalKind.Conflict, "ETAG_MISMATCH",
            $"claim '{ClaimName.Of(claimId)}' has changed: etag {expected} is stale (current {actual}); read it again and retry", ClaimMeta(claimId));

    public static RefusalException TransitionNotAllowed(ClaimStatus from, ClaimStatus to) =>
        new(RefusalKind.FailedPrecondition, "TRANSITION_NOT_ALLOWED", $"a claim cannot move from {from.ContractName()} to {to.ContractName()}",
            new Dictionary<string, string> { ["from"] = from.ContractName(), ["to"] = to.ContractName() });

    public static RefusalException ClaimRetracted(string claimId) =>
        new(RefusalKind.FailedPrecondition, "CLAIM_RETRACTED",
            $"claim '{ClaimName.Of(claimId)}' is RETRACTED, which is final; it takes no further verdicts", ClaimMeta(claimId));

    public static RefusalException RequestIdReused(string requestId) =>
        new(RefusalKind.AlreadyExists, "REQUEST_ID_REUSED", $"request_id '{requestId}' was already used for a different request",
            new Dictionary<string, string> { ["request_id"] = requestId });

    public static RefusalException ClaimsServiceUnavailable(string claimId, string cause) =>
        new(RefusalKind.Unavailable, "CLAIMS_SERVICE_UNAVAILABLE",
            $"the claims service cannot be reached ({cause}) and claim '{ClaimName.Of(claimId)}' was never read before; try again later", ClaimMeta(claimId));

    /// <summary>
    /// A database the service needs could not be reached, lost its connection or did not answer in
    /// time: <paramref name="database"/> names it ("claims database"), <paramref name="why"/> says
    /// which ("is unreachable", "did not answer in time").
    /// </summary>
    public static RefusalException DatabaseUnavailable(string database, string why, TimeSpan retryAfter) =>
        new(RefusalKind.Unavailable, "DATABASE_UNAVAILABLE", $"the {database} {why}; retry", DatabaseMeta(database), retryAfter: retryAfter);

    /// <summary>The database's storage is full: reads go on, writes cannot until an operator frees space.</summary>
    public static RefusalException DatabaseFull(string database) =>
        new(RefusalKind.LimitReached, "DATABASE_FULL", $"the {database}'s disk is full; writes are refused until an operator frees space (reads go on)", DatabaseMeta(database));

    private static Dictionary<string, string> DatabaseMeta(string database) => new() { ["database"] = database };

    /// <summary>
    /// A watcher resuming after a sequence the store does not have yet: possible only when the
    /// store was restored from a backup older than what the watcher saw. Were it followed, the
    /// new events would reuse those numbers and the watcher would skip them without knowing.
    /// </summary>
    /// <remarks>The field travels as a violation, so an edge renders it in its own naming (the message is then "field: problem").</remarks>
    public static RefusalException SequenceBeyondNewest(string field, long asked, long newest)
    {
        FieldViolation[] violation = [new(field,
            $"{asked} is beyond the newest event sequence, {newest}: the service may have been restored from a backup taken before the events this watcher saw; "
            + $"watch again from {newest} or earlier (0: from the beginning) and reconcile what was seen after it")];
        return new(RefusalKind.OutOfRange, "SEQUENCE_BEYOND_NEWEST", Describe(violation),
            new Dictionary<string, string> { ["newest_sequence"] = newest.ToString(System.Globalization.CultureInfo.InvariantCulture) }, violation);
    }

    private static Dictionary<string, string> ClaimMeta(string claimId) => new() { ["claim"] = ClaimName.Of(claimId) };
}
