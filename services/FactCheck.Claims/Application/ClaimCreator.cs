using FactCheck.Claims.Storage;

namespace FactCheck.Claims.Application;

/// <summary>A claim to create: its id (null: the service picks one), content, initial status (null: the default) and who writes it.</summary>
public sealed record NewClaim(string? ClaimId, ClaimContent Content, ClaimStatus? Status, string StatusDetail, WriteContext Write);

/// <summary>
/// Creating a claim: its fields are checked against the service's limits once, outside the write
/// lock; the store's transaction decides only what needs the database (the id is free, the parent
/// chain, the request id's first result) and appends the Created event.
/// </summary>
public sealed class ClaimCreator(ClaimStore store, LimitSettings limits)
{
    public Validated<NewClaim> Check(NewClaim claim)
    {
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckContent(claim.Content, limits, violations);
        ClaimDecisions.CheckInitialStatus(claim.Status, claim.StatusDetail, violations);
        ClaimValidation.CheckRequestId(claim.Write.RequestId, ClaimFields.RequestId, limits, violations);
        if (claim.ClaimId is { } id)
        {
            ClaimValidation.CheckClaimId(id, ClaimFields.ClaimId, violations);
        }

        return new(claim, violations);
    }

    public Task<Claim> CreateAsync(Validated<NewClaim> request, CancellationToken ct)
    {
        var claim = request.Valid;
        return store.CreateAsync(claim.ClaimId, claim.Content, claim.Status ?? ClaimDecisions.DefaultInitialStatus, claim.StatusDetail, claim.Write, ct);
    }
}
