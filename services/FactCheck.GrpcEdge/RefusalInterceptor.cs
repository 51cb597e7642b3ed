using FactCheck.Domain;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactCheck.GrpcEdge;

/// <summary>The ErrorInfo domain of one service's errors ("claims.factcheck.v1").</summary>
public sealed record ErrorDomain(string Name);

/// <summary>
/// The one error path of both services: a <see cref="RefusalException"/> becomes an AIP-193
/// error (the status code its kind prescribes, ErrorInfo with its reason and metadata,
/// BadRequest for invalid fields, RetryInfo when a retry may succeed). A failure of a dependency
/// (<see cref="IDependencyFaults"/>: the database unreachable, a lost connection, a full disk)
/// takes the same path as the refusal it stands for, UNAVAILABLE or RESOURCE_EXHAUSTED, and is
/// counted there rather than logged per call. Any other failure is logged with the request's trace
/// id and answered INTERNAL with ErrorInfo, without the exception's text (which may carry SQL or
/// paths) reaching the caller.
/// </summary>
public sealed partial class RefusalInterceptor(ErrorDomain domain, IEnumerable<IDependencyFaults> dependencies, ILogger<RefusalInterceptor> logger) : Interceptor
{
    private readonly IDependencyFaults[] _dependencies = [.. dependencies];

    /// <summary>The status code each kind of refusal answers with.</summary>
    public static Code CodeOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => Code.InvalidArgument,
        RefusalKind.NotFound => Code.NotFound,
        RefusalKind.AlreadyExists => Code.AlreadyExists,
        RefusalKind.Conflict => Code.Aborted,
        RefusalKind.FailedPrecondition => Code.FailedPrecondition,
        RefusalKind.Unavailable => Code.Unavailable,
        RefusalKind.LimitReached => Code.ResourceExhausted,
        RefusalKind.OutOfRange => Code.OutOfRange,
        _ => Code.Internal,
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RefusalException e)
        {
            throw ToRpc(e);
        }
        catch (Exception e) when (IsUnexpected(e, context))
        {
            throw Failure(e, context);
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
        catch (RefusalException e)
        {
            throw ToRpc(e);
        }
        catch (Exception e) when (IsUnexpected(e, context))
        {
            throw Failure(e, context);
        }
    }

    /// <summary>The AIP-193 error of a refusal in <paramref name="domain"/>; also used where a refusal is made before any interceptor runs (<see cref="StrictRequestParsing{TService}"/>).</summary>
    public static RpcException ToRpc(RefusalException refusal, string domain) => refusal is { Kind: RefusalKind.Invalid, Violations.Count: > 0 }
        ? RpcErrors.InvalidArgument(domain, refusal.Violations)
        : RpcErrors.Create(CodeOf(refusal.Kind), refusal.Message, domain, refusal.Reason, refusal.Metadata, refusal.RetryAfter);

    private RpcException ToRpc(RefusalException refusal) => ToRpc(refusal, domain.Name);

    private static bool IsUnexpected(Exception e, ServerCallContext context) =>
        e is not RpcException && !(e is OperationCanceledException && context.CancellationToken.IsCancellationRequested);

    /// <summary>The refusal a dependency's failure stands for, or INTERNAL for a failure of the service itself.</summary>
    private RpcException Failure(Exception e, ServerCallContext context)
    {
        foreach (var dependency in _dependencies)
        {
            if (dependency.Refusal(e) is { } refusal)
            {
                return ToRpc(refusal);
            }
        }

        return Internal(e, context);
    }

    private RpcException Internal(Exception e, ServerCallContext context)
    {
        // The W3C trace id, the one a collector shows, when the call is traced; ASP.NET Core's own id otherwise.
        var trace = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? context.GetHttpContext().TraceIdentifier;
        LogUnexpected(logger, context.Method, trace, e);
        return RpcErrors.Create(Code.Internal, $"internal error in {context.Method} (trace {trace}); the service log has the details",
            domain.Name, "INTERNAL", new Dictionary<string, string> { ["trace"] = trace });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} (trace {Trace})")]
    private static partial void LogUnexpected(ILogger logger, string method, string trace, Exception error);
}

public static class RefusalErrorsExtensions
{
    /// <summary>Answers every refusal of every gRPC service in this host as an AIP-193 error in <paramref name="errorDomain"/>.</summary>
    /// <remarks>
    /// Puts <see cref="StrictRequestParsing{TService}"/> in the place of Grpc.AspNetCore's own
    /// binder (<c>BinderServiceMethodProvider&lt;&gt;</c>, which every AddGrpc registers) and of
    /// nothing else, so other method providers (JSON transcoding's, added before or after) keep
    /// their endpoints. Call it after every other AddGrpc, which would add the binder back; if one
    /// does, binding the service fails at start-up rather than mapping every method twice.
    /// </remarks>
    public static IServiceCollection AddRefusalErrors(this IServiceCollection services, string errorDomain)
    {
        services.AddSingleton(new ErrorDomain(errorDomain));
        services.AddGrpc(o => o.Interceptors.Add<RefusalInterceptor>());
        var binders = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && StrictRequestParsing.IsFrameworkBinder(d.ImplementationType)).ToList();
        var index = binders.Count > 0 ? services.IndexOf(binders[0]) : -1;
        foreach (var binder in binders)
        {
            services.Remove(binder);
        }

        if (!services.Any(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType == typeof(StrictRequestParsing<>)))
        {
            if (index < 0)
            {
                throw new InvalidOperationException("AddGrpc registered no BinderServiceMethodProvider<> to replace: this version of Grpc.AspNetCore binds services another way, so StrictRequestParsing must follow it.");
            }

            // In the binder's place, so the providers still run in the order they were registered.
            services.Insert(index, ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(StrictRequestParsing<>)));
        }

        return services;
    }
}
