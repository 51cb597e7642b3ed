namespace FactCheck.Claims.Domain;

/// <summary>A rule of the claims domain refused a request. The gRPC edge maps each kind to a status code.</summary>
public abstract class ClaimsException(string message) : Exception(message);

/// <summary>One or more fields are invalid; each violation names the field by its path in the request.</summary>
public sealed class ClaimValidationException(IReadOnlyList<FieldViolation> violations)
    : ClaimsException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

public sealed class ClaimNotFoundException(string claimId)
    : ClaimsException($"claim 'claims/{claimId}' does not exist")
{
    public string ClaimId { get; } = claimId;
}

public sealed class ClaimAlreadyExistsException(string claimId)
    : ClaimsException($"claim 'claims/{claimId}' already exists")
{
    public string ClaimId { get; } = claimId;
}

public sealed class EtagMismatchException(string claimId, string expected, string actual)
    : ClaimsException($"claim 'claims/{claimId}' has changed: etag {expected} is stale (current {actual}); read it again and retry")
{
    public string ClaimId { get; } = claimId;
}

public sealed class TransitionNotAllowedException(ClaimStatus from, ClaimStatus to)
    : ClaimsException($"a claim cannot move from {from.ContractName()} to {to.ContractName()}")
{
    public ClaimStatus From { get; } = from;
    public ClaimStatus To { get; } = to;
}

public sealed class RequestIdReusedException(string requestId)
    : ClaimsException($"request_id '{requestId}' was already used for a different request")
{
    public string RequestId { get; } = requestId;
}
