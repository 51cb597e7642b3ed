namespace FactCheck.Domain;

/// <summary>Kind of change an event records.</summary>
public enum ClaimEventType
{
    Created = 1,
    Updated = 2,
    StatusChanged = 3,
}

/// <summary>
/// One change to one claim, at its place in the service-wide sequence (0 until the store assigns
/// it). <see cref="TraceParent"/> is the W3C trace context of the call that made the change, when
/// it was traced, so that work the change causes later (a webhook delivery) joins that trace.
/// </summary>
public sealed record ClaimEvent(
    long Sequence,
    ClaimEventType Type,
    Claim Claim,
    ClaimStatus? PreviousStatus,
    string Actor,
    string Reason,
    IReadOnlyList<Evidence> Evidence,
    DateTimeOffset Time,
    string RequestId,
    string? TraceParent = null);
