namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// The claims client's log lines: retries, the circuit breaker, failover and how the way there is secured. Generated, as they
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claims service at {From} did not answer; calls now go to {To} first")]
    public static partial void FailedOver(this ILogger logger, Uri from, Uri to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claims service at {To} answers again; calls go back to it from {From}")]
    public static partial void BackTo(this ILogger logger, Uri to, Uri from);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claims service certificates must chain to the CA in {CaFile}, not to the system's roots")]
    public static partial void TrustingCa(this ILogger logger, string caFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ClaimsService:ApiKey is sent unencrypted to {Addresses}: use https:// (docs/security.md, \"TLS\") unless the network is private")]
    public static partial void KeySentUnencrypted(this ILogger logger, string addresses);
}
