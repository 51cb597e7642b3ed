using FactCheck.ServiceDefaults;
using FactCheck.Verification.Domain;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FactCheck.Verification.Grpc;

/// <summary>
/// Turns the domain's refusals into AIP-193 errors: the right status code, ErrorInfo with a
/// stable reason, and BadRequest field violations for bad input.
/// </summary>
public sealed class VerificationErrorInterceptor : Interceptor
{
    public const string Domain = "verification.factcheck.v1";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (VerificationException e)
        {
            throw ToRpc(e);
        }
    }

    public static RpcException ToRpc(VerificationException error) => error switch
    {
        VerdictValidationException v => RpcErrors.InvalidArgument(Domain, v.Violations.Select(x => (x.Field, x.Description)).ToList()),
        ClaimNotFoundException n => RpcErrors.Create(Code.NotFound, n.Message, Domain, "CLAIM_NOT_FOUND", Meta("claim", VerdictMapper.ClaimName(n.ClaimId))),
        ClaimRetractedException r => RpcErrors.Create(Code.FailedPrecondition, r.Message, Domain, "CLAIM_RETRACTED", Meta("claim", VerdictMapper.ClaimName(r.ClaimId))),
        RequestIdReusedException r => RpcErrors.Create(Code.AlreadyExists, r.Message, Domain, "REQUEST_ID_REUSED", Meta("request_id", r.RequestId)),
        ClaimsServiceUnavailableException u => RpcErrors.Create(Code.Unavailable, u.Message, Domain, "CLAIMS_SERVICE_UNAVAILABLE", Meta("claim", VerdictMapper.ClaimName(u.ClaimId))),
        _ => RpcErrors.Create(Code.Internal, error.Message, Domain, "INTERNAL"),
    };

    private static Dictionary<string, string> Meta(string key, string value) => new() { [key] = value };
}
