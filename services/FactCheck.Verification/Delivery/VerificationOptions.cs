namespace FactCheck.Verification.Delivery;

/// <summary>The <c>Verification</c> configuration section (environment: <c>Verification__SweepInterval</c>, ...).</summary>
public sealed class VerificationOptions
{
    /// <summary>How long RecordVerdict tries to apply a verdict before answering QUEUED.</summary>
    public TimeSpan ImmediateDeliveryBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the overdue sweep asks the claims service for waiting claims past their due time.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the dispatcher looks for queued deliveries when nothing wakes it sooner.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the reconcile pass compares applied changes with the claims service (<see cref="Reconciler"/>); zero turns the pass at start-up and the periodic one off.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);
}
