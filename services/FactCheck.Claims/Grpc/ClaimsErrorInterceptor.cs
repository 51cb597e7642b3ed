using FactCheck.Claims.Domain;
using FactCheck.ServiceDefaults;
using Google.Rpc;
using Grpc.Core;

namespace FactCheck.Claims.Grpc;

/// <summary>
/// The claims service's refusals as AIP-193 errors: the status code the AIPs prescribe,
/// ErrorInfo with a stable reason, and BadRequest field violations for bad input.
/// </summary>
public sealed class ClaimsErrorInterceptor(ILogger<ClaimsErrorInterceptor> logger) : DomainErrorInterceptor<ClaimsException>(logger)
{
    public const string Domain = "claims.factcheck.v1";

    protected override string ErrorDomain => Domain;

    protected override RpcException ToRpc(ClaimsException refusal) => refusal switch
    {
        ClaimValidationException v => RpcErrors.InvalidArgument(Domain, v.Violations),
        ClaimNotFoundException n => RpcErrors.Create(Code.NotFound, n.Message, Domain, "CLAIM_NOT_FOUND", Meta("claim", ClaimNames.Of(n.ClaimId))),
        ClaimAlreadyExistsException x => RpcErrors.Create(Code.AlreadyExists, x.Message, Domain, "CLAIM_ALREADY_EXISTS", Meta("claim", ClaimNames.Of(x.ClaimId))),
        EtagMismatchException m => RpcErrors.Create(Code.Aborted, m.Message, Domain, "ETAG_MISMATCH", Meta("claim", ClaimNames.Of(m.ClaimId))),
        TransitionNotAllowedException t => RpcErrors.Create(Code.FailedPrecondition, t.Message, Domain, "TRANSITION_NOT_ALLOWED",
            new Dictionary<string, string> { ["from"] = t.From.ContractName(), ["to"] = t.To.ContractName() }),
        RequestIdReusedException r => RpcErrors.Create(Code.AlreadyExists, r.Message, Domain, "REQUEST_ID_REUSED", Meta("request_id", r.RequestId)),
        _ => RpcErrors.Create(Code.Internal, refusal.Message, Domain, "INTERNAL"),
    };
}
