using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// Turns a service's domain refusals (<typeparamref name="TException"/>) into AIP-193 errors on
/// unary and server-streaming calls. Each service says how, in <see cref="ToRpc"/>; anything
/// else propagates as gRPC would otherwise report it.
/// </summary>
public abstract class DomainErrorInterceptor<TException> : Interceptor
    where TException : Exception
{
    protected abstract RpcException ToRpc(TException refusal);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (TException e)
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
        catch (TException e)
        {
            throw ToRpc(e);
        }
    }

    protected static Dictionary<string, string> Meta(string key, string value) => new() { [key] = value };
}
