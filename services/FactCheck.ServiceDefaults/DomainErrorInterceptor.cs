using Grpc.Core;
using Microsoft.Extensions.Logging;
using Grpc.Core.Interceptors;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// Turns a service's domain refusals (<typeparamref name="TException"/>) into AIP-193 errors on
/// unary and server-streaming calls; each service says how, in <see cref="ToRpc"/>. Any other
/// failure is logged with the request's trace id and answered INTERNAL with ErrorInfo, without
/// the exception's text (which may carry SQL or paths) reaching the caller.
/// </summary>
public abstract partial class DomainErrorInterceptor<TException>(ILogger logger) : Interceptor
    where TException : Exception
{
    /// <summary>The ErrorInfo domain of this service's errors.</summary>
    protected abstract string ErrorDomain { get; }

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
        catch (Exception e) when (IsUnexpected(e, context))
        {
            throw Internal(e, context);
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
        catch (Exception e) when (IsUnexpected(e, context))
        {
            throw Internal(e, context);
        }
    }

    private static bool IsUnexpected(Exception e, ServerCallContext context) =>
        e is not RpcException && !(e is OperationCanceledException && context.CancellationToken.IsCancellationRequested);

    private RpcException Internal(Exception e, ServerCallContext context)
    {
        var trace = context.GetHttpContext().TraceIdentifier;
        LogUnexpected(logger, context.Method, trace, e);
        return RpcErrors.Create(Google.Rpc.Code.Internal, $"internal error in {context.Method} (trace {trace}); the service log has the details",
            ErrorDomain, "INTERNAL", Meta("trace", trace));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} (trace {Trace})")]
    private static partial void LogUnexpected(ILogger logger, string method, string trace, Exception error);

    protected static Dictionary<string, string> Meta(string key, string value) => new() { [key] = value };
}
