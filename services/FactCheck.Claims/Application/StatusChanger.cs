using FactCheck.Claims.Storage;

namespace FactCheck.Claims.Application;

/// <summary>A status change of one claim: the etag the caller read (null: any), the change with its reason and evidence, and who writes it.</summary>
public sealed record ClaimStatusChange(string ClaimId, string? Etag, StatusChange Change, WriteContext Write);

/// <summary>
/// Changing a claim's status (what the verification service and editors do): the reason, detail,
/// evidence and request id are checked once, outside the write lock; the store's transaction
/// decides what needs the stored claim (it exists, the etag, the transition table) and records the
/// request id's first result, so a repeated delivery changes nothing twice.
/// </summary>
public sealed class StatusChanger(ClaimStore store, LimitSettings limits)
{
    public Validated<ClaimStatusChange> Check(ClaimStatusChange change)
    {
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckStatusChange(change.Change, limits, violations);
        ClaimValidation.CheckRequestId(change.Write.RequestId, ClaimFields.RequestId, limits, violations);
        return new(change, violations);
    }

    public Task<Claim> ChangeAsync(Validated<ClaimStatusChange> request, CancellationToken ct)
    {
        var change = request.Valid;
        return store.ChangeStatusAsync(change.ClaimId, change.Etag, change.Change, change.Write, ct);
    }
}
