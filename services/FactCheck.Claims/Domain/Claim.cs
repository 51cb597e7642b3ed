namespace FactCheck.Claims.Domain;

/// <summary>A published piece that reports a claim.</summary>
public sealed record Source(string Url, string Title, string Publisher, DateTimeOffset? PublishedTime, string Quote);

/// <summary>What a status change rests on.</summary>
public sealed record Evidence(string Url, string Quote, DateTimeOffset? ObservedTime);

/// <summary>What an editor controls: everything about a claim except its status.</summary>
public sealed record ClaimContent(
    string Text,
    string Speaker,
    IReadOnlyList<Source> Sources,
    IReadOnlyList<string> RequiredParties,
    DateTimeOffset? DueTime,
    string? ParentId,
    IReadOnlyList<string> Tags,
    string Language);

/// <summary>A stored claim. <see cref="Revision"/> grows by one on every write and backs the etag.</summary>
public sealed record Claim(
    string Id,
    ClaimContent Content,
    ClaimStatus Status,
    string StatusDetail,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    long Revision)
{
    public string Etag => $"\"{Revision}\"";
}

/// <summary>A requested status change, as UpdateClaimStatus carries it.</summary>
public sealed record StatusChange(ClaimStatus Status, string Detail, string Reason, IReadOnlyList<Evidence> Evidence);

/// <summary>One change to one claim, at its place in the service-wide sequence.</summary>
public sealed record ClaimEvent(
    long Sequence,
    ClaimEventType Type,
    Claim Claim,
    ClaimStatus? PreviousStatus,
    string Actor,
    string Reason,
    IReadOnlyList<Evidence> Evidence,
    DateTimeOffset Time,
    string RequestId);

/// <summary>Who is writing, under which idempotency key, and a fingerprint of what they asked for.</summary>
public sealed record WriteContext(string Actor, string RequestId, string RequestFingerprint);
