namespace FactCheck.Verification.Domain;

/// <summary>What a party says about a claim. Mirrors factcheck.v1.VerdictDecision.</summary>
public enum Decision
{
    Confirm = 1,
    Deny = 2,
    Dispute = 3,
    Retract = 4,
}

/// <summary>Whether the status a verdict implies has reached the claims service. Mirrors factcheck.v1.DeliveryState.</summary>
public enum DeliveryState
{
    Applied = 1,
    Queued = 2,
    Rejected = 3,
}

/// <summary>A verdict as a caller submits it.</summary>
public sealed record VerdictContent(
    string ClaimId,
    string Party,
    string Official,
    Decision Decision,
    IReadOnlyList<Evidence> Evidence,
    string Note);

/// <summary>
/// How far a verdict's status got: <see cref="ResultingStatus"/> is set once APPLIED.
/// <see cref="ClaimUpdateTime"/> is the claims service's update_time of the claim as delivery
/// left it (right after the change, or as read when nothing changed or the change was refused):
/// the mark the reconcile pass compares against (<see cref="ReconcileRules"/>).
/// </summary>
public sealed record VerdictDelivery(
    DeliveryState State,
    string Reason,
    ClaimStatus? ResultingStatus,
    string ResultingDetail,
    DateTimeOffset? Time,
    DateTimeOffset? ClaimUpdateTime = null)
{
    public static VerdictDelivery Queued { get; } = new(DeliveryState.Queued, "", null, "", null);
}

/// <summary>A recorded verdict. <see cref="Sequence"/> orders all verdicts as they were recorded.</summary>
public sealed record Verdict(
    string Id,
    long Sequence,
    VerdictContent Content,
    DateTimeOffset CreateTime,
    string Recorder,
    VerdictDelivery Delivery);

/// <summary>
/// What the verification service knows of a claim, as read from the claims service at
/// <see cref="ReadTime"/>; <see cref="UpdateTime"/> is the claims service's own time of the claim's last change.
/// </summary>
public sealed record ClaimSnapshot(
    string ClaimId,
    ClaimStatus Status,
    string StatusDetail,
    IReadOnlyList<string> RequiredParties,
    DateTimeOffset? DueTime,
    string Etag,
    DateTimeOffset ReadTime,
    DateTimeOffset? UpdateTime = null);

/// <summary>Ways of looking at a claim's verdicts.</summary>
public static class VerdictSets
{
    /// <summary>
    /// Each party's latest verdict (parties compared ignoring case), in the order those verdicts
    /// were recorded, from verdicts given oldest first. A party that changes its mind is heard once.
    /// </summary>
    public static IReadOnlyList<Verdict> LatestPerParty(IEnumerable<Verdict> verdicts) =>
        verdicts
            .GroupBy(v => v.Content.Party.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.MaxBy(v => v.Sequence)!)
            .OrderBy(v => v.Sequence)
            .ToList();
}
