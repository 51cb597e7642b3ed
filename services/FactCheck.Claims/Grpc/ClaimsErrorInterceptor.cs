using FactCheck.Claims.Domain;
using FactCheck.ServiceDefaults;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Google.Rpc;

namespace FactCheck.Claims.Grpc;

/// <summary>
/// Turns the domain's refusals into AIP-193 errors: the right status code, ErrorInfo with a
/// stable reason, and BadRequest field violations for bad input.
/// </summary>
public sealed class ClaimsErrorInterceptor : Interceptor
{
    public const string Domain = "claims.factcheck.v1";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (ClaimsException e)
        {
            throw ToRpc(e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (ClaimsException e)
        {
            throw ToRpc(e);
        }
    }

    public static RpcException ToRpc(ClaimsException error) => error switch
    {
        ClaimValidationException v => RpcErrors.InvalidArgument(Domain, v.Violations.Select(x => (x.Field, x.Description)).ToList()),
        ClaimNotFoundException n => RpcErrors.Create(Code.NotFound, n.Message, Domain, "CLAIM_NOT_FOUND", Meta("claim", ClaimMapper.Name(n.ClaimId))),
        ClaimAlreadyExistsException x => RpcErrors.Create(Code.AlreadyExists, x.Message, Domain, "CLAIM_ALREADY_EXISTS", Meta("claim", ClaimMapper.Name(x.ClaimId))),
        EtagMismatchException m => RpcErrors.Create(Code.Aborted, m.Message, Domain, "ETAG_MISMATCH", Meta("claim", ClaimMapper.Name(m.ClaimId))),
        TransitionNotAllowedException t => RpcErrors.Create(Code.FailedPrecondition, t.Message, Domain, "TRANSITION_NOT_ALLOWED",
            new Dictionary<string, string> { ["from"] = t.From.ContractName(), ["to"] = t.To.ContractName() }),
        RequestIdReusedException r => RpcErrors.Create(Code.AlreadyExists, r.Message, Domain, "REQUEST_ID_REUSED", Meta("request_id", r.RequestId)),
        _ => RpcErrors.Create(Code.Internal, error.Message, Domain, "INTERNAL"),
    };

    private static Dictionary<string, string> Meta(string key, string value) => new() { [key] = value };
}
