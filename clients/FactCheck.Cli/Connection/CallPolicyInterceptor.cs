using FactCheck.Cli.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FactCheck.Cli.Connection;

/// <summary>
/// What every call to one service gets: the API key as "authorization: Bearer", a deadline, and
/// failures re-thrown as <see cref="ServiceCallException"/> so error messages can name the
/// service and its address. Streams get a deadline only when --timeout was given, since
/// `claims watch` is meant to run until stopped.
/// </summary>
internal sealed class CallPolicyInterceptor(ServiceKind service, Uri address, string? apiKey, TimeSpan timeout, TimeSpan? streamTimeout)
    : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, Prepare(context, timeout));
        return new AsyncUnaryCall<TResponse>(Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, Prepare(context, streamTimeout));
        return new AsyncServerStreamingCall<TResponse>(
            new TranslatingReader<TResponse>(call.ResponseStream, this), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private ClientInterceptorContext<TRequest, TResponse> Prepare<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, TimeSpan? deadline)
        where TRequest : class
        where TResponse : class
    {
        var options = context.Options;
        if (!string.IsNullOrEmpty(apiKey))
        {
            var headers = options.Headers ?? [];
            headers.Add("authorization", $"Bearer {apiKey}");
            options = options.WithHeaders(headers);
        }

        if (deadline is { } d && options.Deadline is null)
        {
            options = options.WithDeadline(DateTime.UtcNow + d);
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }

    private async Task<TResponse> Translate<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response;
        }
        catch (RpcException e)
        {
            throw Wrap(e);
        }
    }

    private ServiceCallException Wrap(RpcException e) => new(service.Display(), address, e);

    private sealed class TranslatingReader<T>(IAsyncStreamReader<T> inner, CallPolicyInterceptor owner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (RpcException e)
            {
                throw owner.Wrap(e);
            }
        }
    }
}
