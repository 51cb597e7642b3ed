namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// The claims client's log lines: retries, the circuit breaker and failover. Generated, as they
/// may repeat on every call while the claims service or one of its replicas is away.
/// </summary>
internal static partial class ClaimsClientLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Claims service call failed ({Error}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(this ILogger logger, string? error, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claims service unreachable: calls fail at once for {Duration} ({Error})")]
    public static partial void CircuitOpened(this ILogger logger, TimeSpan duration, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claims service reachable again")]
    public static partial void CircuitClosed(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claims service at {Address} unavailable ({Error}); trying {Next}")]
    public static partial void ReplicaUnavailable(this ILogger logger, Uri address, string error, Uri next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claims service at {From} did not answer; calls now go to {To} first")]
    public static partial void FailedOver(this ILogger logger, Uri from, Uri to);
}
