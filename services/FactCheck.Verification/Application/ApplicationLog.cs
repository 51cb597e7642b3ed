namespace FactCheck.Verification.Application;

/// <summary>The use cases' log lines, generated like the delivery path's.</summary>
internal static partial class ApplicationLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Claims service did not answer for claims/{Claim} ({Error}); the verdict is accepted and queued")]
    public static partial void AcceptedUnchecked(this ILogger logger, string claim, string error);
}
