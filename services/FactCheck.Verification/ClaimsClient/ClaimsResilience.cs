using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// The Polly pipeline around every call to the claims service. gRPC failures arrive as
/// <see cref="RpcException"/>, not as HTTP errors, so they are classified by status code here.
/// Only failures that another try can fix are retried and counted by the circuit breaker; an
/// answer about the claim (NOT_FOUND, ABORTED, FAILED_PRECONDITION, ...) passes straight through.
/// </summary>
public static class ClaimsResilience
{
    public static bool IsTransient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted;

    public static ResiliencePipeline Build(ClaimsClientOptions options, ILogger logger)
    {
        var transient = new PredicateBuilder().Handle<RpcException>(e => IsTransient(e.StatusCode));
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    logger.Retrying(args.Outcome.Exception?.Message, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 6,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    logger.CircuitOpened(args.BreakDuration, args.Outcome.Exception?.Message);
                    return default;
                },
                OnClosed = _ =>
                {
                    logger.CircuitClosed();
                    return default;
                },
            })
            .Build();
    }
}
