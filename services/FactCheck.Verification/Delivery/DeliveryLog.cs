namespace FactCheck.Verification.Delivery;

/// <summary>
/// The delivery path's log lines. Generated with [LoggerMessage], because these run on every
/// delivery and retry, where formatting arguments for a disabled level would be wasted work.
/// </summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {Outbox} ({Kind}) for claims/{Claim} applied: {Status} \"{Detail}\" {Note}")]
    public static partial void Applied(this ILogger logger, string outbox, Storage.OutboxKind kind, string claim, FactCheck.Domain.ClaimStatus? status, string detail, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Outbox} ({Kind}) for claims/{Claim} rejected: {Reason}")]
    public static partial void Rejected(this ILogger logger, string outbox, Storage.OutboxKind kind, string claim, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Outbox} for claims/{Claim} stays queued: {Error}")]
    public static partial void StaysQueued(this ILogger logger, string outbox, string claim, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {Outbox} for claims/{Claim} still queued after {Attempts} attempts: {Error}")]
    public static partial void StillQueued(this ILogger logger, string outbox, string claim, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claim claims/{Claim} changed while delivering {Outbox} ({Error}); reading it again")]
    public static partial void EtagConflict(this ILogger logger, string claim, string outbox, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery round failed; trying again in {Interval}")]
    public static partial void RoundFailed(this ILogger logger, Exception error, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery dispatcher stopped; queued deliveries stay queued for the next start")]
    public static partial void DispatcherStopped(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overdue sweep skipped: the claims service did not answer ({Error}); next sweep in {Interval}")]
    public static partial void SweepSkipped(this ILogger logger, string error, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Overdue sweep failed; the next one tries again")]
    public static partial void SweepFailed(this ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Overdue sweep queued {Count} claim(s) past their due time")]
    public static partial void SweepQueued(this ILogger logger, int count);
}
