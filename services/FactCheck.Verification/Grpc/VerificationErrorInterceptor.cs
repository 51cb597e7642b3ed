using FactCheck.ServiceDefaults;
using FactCheck.Verification.Domain;
using Google.Rpc;
using Grpc.Core;

namespace FactCheck.Verification.Grpc;

/// <summary>
/// Turns the domain's refusals into AIP-193 errors: the right status code, ErrorInfo with a
/// stable reason, and BadRequest field violations for bad input.
/// </summary>
public sealed class VerificationErrorInterceptor(ILogger<VerificationErrorInterceptor> logger) : DomainErrorInterceptor<VerificationException>(logger)
{
    public const string Domain = "verification.factcheck.v1";

    protected override string ErrorDomain => Domain;

    protected override RpcException ToRpc(VerificationException refusal) => refusal switch
    {
        VerdictValidationException v => RpcErrors.InvalidArgument(Domain, v.Violations),
        ClaimNotFoundException n => RpcErrors.Create(Code.NotFound, n.Message, Domain, "CLAIM_NOT_FOUND", Meta("claim", ClaimNames.Of(n.ClaimId))),
        ClaimRetractedException r => RpcErrors.Create(Code.FailedPrecondition, r.Message, Domain, "CLAIM_RETRACTED", Meta("claim", ClaimNames.Of(r.ClaimId))),
        RequestIdReusedException r => RpcErrors.Create(Code.AlreadyExists, r.Message, Domain, "REQUEST_ID_REUSED", Meta("request_id", r.RequestId)),
        ClaimsServiceUnavailableException u => RpcErrors.Create(Code.Unavailable, u.Message, Domain, "CLAIMS_SERVICE_UNAVAILABLE", Meta("claim", ClaimNames.Of(u.ClaimId))),
        _ => RpcErrors.Create(Code.Internal, refusal.Message, Domain, "INTERNAL"),
    };
}
