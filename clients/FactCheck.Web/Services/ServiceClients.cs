using FactCheck.Contracts.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace FactCheck.Web.Services;

/// <summary>
/// The pages' way to both services: one gRPC client each from Grpc.Net.ClientFactory (one channel
/// for the process's lifetime), presenting the reader key as "authorization: Bearer" on every
/// call when one is configured, a deadline on every unary call (<see cref="DeadlineInterceptor"/>),
/// and <see cref="Reads"/>, the Polly pipeline every read goes through.
/// </summary>
public static class ServiceClients
{
    public static IServiceCollection AddServiceClients(this IServiceCollection services)
    {
        // Read once: a key file is a mounted secret, checked at start with the other settings.
        services.AddSingleton(sp => new ReaderKey(sp.GetRequiredService<IOptions<WebSettings>>().Value.Key()));
        services.AddSingleton(sp => Reads.Build(sp.GetRequiredService<IOptions<WebSettings>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Reads).FullName!)));

        Configure(services.AddGrpcClient<ClaimsService.ClaimsServiceClient>((sp, o) =>
            o.Address = new Uri(sp.GetRequiredService<IOptions<WebSettings>>().Value.ClaimsUrl)));
        Configure(services.AddGrpcClient<VerificationService.VerificationServiceClient>((sp, o) =>
            o.Address = new Uri(sp.GetRequiredService<IOptions<WebSettings>>().Value.VerificationUrl)));
        return services;
    }

    private static void Configure(IHttpClientBuilder client) => client
        .ConfigureChannel(o =>
        {
            // The key may go over plain http:// to a service on loopback or a private network, as
            // the services themselves allow (docs/security.md); https:// addresses encrypt it.
            o.UnsafeUseInsecureChannelCallCredentials = true;
        })
        .AddCallCredentials((_, metadata, sp) =>
        {
            if (sp.GetRequiredService<ReaderKey>().Value is { } key)
            {
                metadata.Add("authorization", $"Bearer {key}");
            }

            return Task.CompletedTask;
        })
        .AddInterceptor(sp => new DeadlineInterceptor(sp.GetRequiredService<IOptions<WebSettings>>().Value.CallTimeout));

    /// <summary>The reader key to present, or null when the services run open.</summary>
    public sealed record ReaderKey(string? Value);
}

/// <summary>
/// A deadline on every unary call that has none. Streams (the live feed's WatchClaims) get none:
/// they are meant to stay open, and end with the page's request or the application.
/// </summary>
public sealed class DeadlineInterceptor(TimeSpan timeout) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var options = context.Options.Deadline is null ? context.Options.WithDeadline(DateTime.UtcNow + timeout) : context.Options;
        return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
    }
}

/// <summary>
/// The Polly pipeline around every read. gRPC failures arrive as <see cref="RpcException"/>, not
/// as HTTP errors, so they are classified by status code: only UNAVAILABLE (a service restarting,
/// a connection refused) is retried, with a short exponential backoff, because a reader is
/// waiting for the page; every other answer (NOT_FOUND, INVALID_ARGUMENT, DEADLINE_EXCEEDED)
/// passes straight through to the page, which shows it.
/// </summary>
public static class Reads
{
    public static ResiliencePipeline Build(WebSettings settings, ILogger logger)
    {
        if (settings.ReadRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
                MaxRetryAttempts = settings.ReadRetries,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    logger.LogWarning("A read failed ({Reason}); try {Attempt} in {Delay}", args.Outcome.Exception?.Message, args.AttemptNumber + 2, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }
}
