namespace FactCheck.Verification.Delivery;

/// <summary>The reconcile pass's log lines: one per claim it acts on or reports, one per pass.</summary>
internal static partial class ReconcileLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile: the claims service has no claim claims/{Claim}, while {Verdicts} verdict(s) recorded here name it; the verdicts are kept (restore the claim, or check that the claims service's database is the right one)")]
    public static partial void ClaimMissing(this ILogger logger, string claim, int verdicts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile: delivering the status of claims/{Claim} again, as the claims service no longer has the change of delivery {Outbox}: {Why}")]
    public static partial void Redelivering(this ILogger logger, string claim, string outbox, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile pass checked {Checked} claim(s): {Redelivered} delivered again, {AlreadyQueued} already queued, {Missing} missing on the claims service")]
    public static partial void PassFoundChanges(this ILogger logger, int @checked, int redelivered, int alreadyQueued, int missing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile pass checked {Checked} claim(s): the claims service has every change applied")]
    public static partial void PassInStep(this ILogger logger, int @checked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile pass stopped after {Checked} claim(s) ({Redelivered} delivered again, {Missing} missing): {Reason}; it tries again soon")]
    public static partial void PassIncomplete(this ILogger logger, int @checked, int redelivered, int missing, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile pass failed; the next one tries again in {Delay}")]
    public static partial void PassFailed(this ILogger logger, Exception error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile pass is off (Verification:ReconcileInterval is 0); ReconcileClaims still runs one on request")]
    public static partial void PassOff(this ILogger logger);
}
