using FactCheck.Storage;
using FactCheck.Verification.Domain;

namespace FactCheck.Verification.Storage;

/// <summary>
/// What an outbox row asks for: the status a verdict implies, an overdue check from the sweep,
/// or the status the verdicts imply delivered again after the claims service lost it (the reconcile pass).
/// </summary>
public enum OutboxKind
{
    Verdict,
    Overdue,
    Reconcile,
}

/// <summary>
/// Which queued deliveries a dispatcher lane takes: <see cref="Verdicts"/>, the claims with a
/// verdict waiting, which must never wait behind bulk work; <see cref="Backlog"/>, every claim with
/// anything queued (overdue checks from the sweep, reconcile deliveries), the one waiting longest first.
/// </summary>
public enum OutboxLane
{
    Verdicts,
    Backlog,
}

/// <summary>The names of <see cref="OutboxKind"/> as the contract spells them (PendingDelivery.kind) and spans carry them.</summary>
public static class OutboxKinds
{
    public static string Name(OutboxKind kind) => kind switch
    {
        OutboxKind.Verdict => "verdict",
        OutboxKind.Overdue => "overdue",
        _ => "reconcile",
    };
}

/// <summary>
/// A claim this service has delivered to: <see cref="ClaimUpdateTime"/> is the claims service's
/// update_time of the claim as the latest of those deliveries (outbox row <see cref="OutboxId"/>)
/// left it; <see cref="Verdicts"/> counts the verdicts naming the
/// claim that still count (not rejected).
/// </summary>
public sealed record AppliedMark(string ClaimId, string OutboxId, DateTimeOffset ClaimUpdateTime, int Verdicts);

/// <summary>
/// One status change waiting for delivery. <see cref="Id"/> is globally unique and is sent as
/// UpdateClaimStatus' request_id, so a repeated delivery never applies twice; <see cref="Sequence"/>
/// orders rows as they were written. <see cref="TraceParent"/> is the W3C trace context of the
/// call that queued it ("" when none), so a delivery made later, by another replica or after a
/// restart, still joins the trace of the verdict that caused it.
/// </summary>
public sealed record OutboxEntry(
    long Sequence,
    string Id,
    string ClaimId,
    OutboxKind Kind,
    string? VerdictId,
    DateTimeOffset QueueTime,
    int Attempts,
    string LastError,
    string TraceParent = "");

/// <summary>What a recorded verdict call produced: the verdict, its outbox row, and whether it is a repeat of an earlier call.</summary>
public sealed record RecordedVerdict(Verdict Verdict, OutboxEntry? Outbox, bool Repeated);

/// <summary>
/// The verification service's storage, its own database (never the claims service's). A
/// verdict and its outbox row are written in one transaction, so no verdict exists without its
/// delivery, and no delivery without its verdict.
/// </summary>
public interface IVerdictStore : IBackupSource
{
    /// <summary>Applies pending schema migrations. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>True when <paramref name="failure"/> is the database's fault, counted and logged once per outage where outages are followed (<see cref="RelationalStore.IsDatabaseFault"/>).</summary>
    bool IsDatabaseFault(Exception failure);

    /// <summary>Round-trips to the database; throws when it cannot be reached.</summary>
    Task PingAsync(CancellationToken ct);

    /// <summary>
    /// Records a verdict and queues its delivery. With a request id, a repeat of the same request
    /// by the same caller returns the first verdict and writes nothing; a different request under
    /// that id is refused (<see cref="Refusals.RequestIdReused"/>). Request ids are the caller's
    /// own (<see cref="WriteContext.IdempotencyKey"/>): two callers using one id never meet.
    /// </summary>
    Task<RecordedVerdict> RecordAsync(VerdictContent content, WriteContext write, CancellationToken ct);

    /// <summary>The verdict the caller's request id recorded, or null; refuses a different request (<see cref="Refusals.RequestIdReused"/>).</summary>
    Task<Verdict?> FindByRequestAsync(WriteContext write, CancellationToken ct);

    Task<Verdict?> GetVerdictAsync(string verdictId, CancellationToken ct);

    /// <summary>One claim's verdicts after <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<Verdict>> ListVerdictsAsync(string claimId, long afterSequence, int limit, CancellationToken ct);

    /// <summary>The claim's verdicts that count (not rejected) whose outbox rows were written at or before <paramref name="upToOutbox"/>, oldest first.</summary>
    Task<IReadOnlyList<Verdict>> CountingVerdictsAsync(string claimId, long upToOutbox, CancellationToken ct);

    /// <summary>
    /// Claims with queued deliveries the <paramref name="lane"/> takes, the one waiting longest
    /// first (by its oldest row the lane takes).
    /// </summary>
    Task<IReadOnlyList<string>> ClaimsWithQueuedAsync(OutboxLane lane, int limit, CancellationToken ct);

    /// <summary>The claim's queued deliveries, oldest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> QueuedAsync(string claimId, CancellationToken ct);

    /// <summary>
    /// Queues an overdue check for each claim unless one is already queued for it, many claims to
    /// a transaction (a sweep may find a hundred thousand). Returns how many it queued.
    /// </summary>
    Task<int> QueueOverdueAsync(IReadOnlyList<string> claimIds, CancellationToken ct);

    /// <summary>
    /// Queues a reconcile delivery for the claim unless a delivery of any kind is already queued
    /// for it (that one re-derives the status from the same verdicts). Returns whether it queued one.
    /// </summary>
    Task<bool> QueueReconcileAsync(string claimId, CancellationToken ct);

    /// <summary>
    /// Claims with a mark (<see cref="VerdictDelivery.ClaimUpdateTime"/> recorded by a finished delivery), by
    /// claim id after <paramref name="afterClaimId"/> ("" from the start), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<AppliedMark>> AppliedMarksAsync(string afterClaimId, int limit, CancellationToken ct);

    /// <summary>
    /// Finishes a delivery: the outbox row leaves the queue, its verdict (if any) takes
    /// <paramref name="delivery"/> and <paramref name="claim"/> (when given) becomes the claim's
    /// snapshot, in one transaction (the row keeps <see cref="VerdictDelivery.ClaimUpdateTime"/>, when set, as the claim's mark): one commit, where three would each wait for their own.
    /// </summary>
    Task CompleteAsync(OutboxEntry entry, VerdictDelivery delivery, ClaimSnapshot? claim, CancellationToken ct);

    /// <summary>Counts a failed attempt that leaves the row queued, keeping the error for the summary.</summary>
    Task RecordFailedAttemptAsync(OutboxEntry entry, string failure, CancellationToken ct);

    /// <summary>
    /// Holds the claim's delivery lock against other processes sharing this database until
    /// disposed, waiting while another holds it. Within one process, <c>ClaimLocks</c> already
    /// keeps deliverers apart and calls this only while holding its own lock for the claim.
    /// </summary>
    Task<IDisposable> LockClaimDeliveryAsync(string claimId, CancellationToken ct);

    /// <summary>Keeps the last claim read from the claims service, for summaries while it cannot be reached.</summary>
    Task SaveSnapshotAsync(ClaimSnapshot snapshot, CancellationToken ct);

    Task<ClaimSnapshot?> GetSnapshotAsync(string claimId, CancellationToken ct);
}
