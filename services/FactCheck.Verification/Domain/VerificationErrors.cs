namespace FactCheck.Verification.Domain;

/// <summary>A rule of the verification domain refused a request. The gRPC edge maps each kind to a status code.</summary>
public abstract class VerificationException(string message) : Exception(message);

/// <summary>One or more fields are invalid; each violation names the field by its path in the request.</summary>
public sealed class VerdictValidationException(IReadOnlyList<FieldViolation> violations)
    : VerificationException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

/// <summary>The claims service says the claim does not exist.</summary>
public sealed class ClaimNotFoundException(string claimId)
    : VerificationException($"claim 'claims/{claimId}' does not exist in the claims service")
{
    public string ClaimId { get; } = claimId;
}

/// <summary>The claim is RETRACTED, which is final: no verdict can change it.</summary>
public sealed class ClaimRetractedException(string claimId)
    : VerificationException($"claim 'claims/{claimId}' is RETRACTED, which is final; it takes no further verdicts")
{
    public string ClaimId { get; } = claimId;
}

public sealed class RequestIdReusedException(string requestId)
    : VerificationException($"request_id '{requestId}' was already used for a different request")
{
    public string RequestId { get; } = requestId;
}

/// <summary>The claims service cannot be reached and nothing read earlier can stand in for it.</summary>
public sealed class ClaimsServiceUnavailableException(string claimId, string cause)
    : VerificationException($"the claims service cannot be reached ({cause}) and claim 'claims/{claimId}' was never read before; try again later")
{
    public string ClaimId { get; } = claimId;
}
