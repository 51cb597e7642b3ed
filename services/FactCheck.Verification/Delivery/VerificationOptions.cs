namespace FactCheck.Verification.Delivery;

/// <summary>The <c>Verification</c> configuration section (environment: <c>Verification__SweepInterval</c>, ...).</summary>
public sealed class VerificationOptions
{
    /// <summary>
    /// The longest interval a setting may take: .NET's timers and timed waits take at most
    /// int.MaxValue milliseconds (about 24.8 days), and a longer one would fail the service after it started.
    /// </summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(24);

    /// <summary>How long RecordVerdict tries to apply a verdict before answering QUEUED.</summary>
    public TimeSpan ImmediateDeliveryBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the overdue sweep asks the claims service for waiting claims past their due time.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the dispatcher looks for queued deliveries when nothing wakes it sooner.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many claims the dispatcher's backlog lane (overdue checks, reconcile deliveries) delivers
    /// at a time. Verdicts have a lane of their own and never wait for it; this bounds how much of
    /// the claims service and the database a large backlog takes while it drains.
    /// </summary>
    public int BacklogConcurrency { get; set; } = 2;

    /// <summary>How often the reconcile pass compares applied changes with the claims service (<see cref="Reconciler"/>); zero turns the pass at start-up and the periodic one off.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);
}
