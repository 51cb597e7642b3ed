namespace FactCheck.Verification.Delivery;

/// <summary>
/// Registers the reconcile pass (<see cref="Reconciler"/>), its schedule and the check of
/// <c>Verification:ReconcileInterval</c> at start.
/// </summary>
public static class ReconcileRegistration
{
    public static IServiceCollection AddClaimsReconcile(this IServiceCollection services)
    {
        services.AddOptions<VerificationOptions>()
            .Validate(o => o.ReconcileInterval >= TimeSpan.Zero, "Verification:ReconcileInterval must not be negative (0 turns the periodic pass off)")
            .Validate(o => o.ReconcileInterval <= VerificationOptions.LongestWait,
                $"Verification:ReconcileInterval must be at most {VerificationOptions.LongestWait:c} (the longest a timer waits)")
            .ValidateOnStart();
        services.AddSingleton<Reconciler>();
        services.AddHostedService<ReconcileSchedule>();
        return services;
    }
}
