namespace FactCheck.Verification.Delivery;

/// <summary>
/// Registers what turns verdicts into status changes on the claims service: the delivery
/// processor, the per-claim ordering, the outbox dispatcher and the overdue sweep (both background
/// services), with their options from the <c>Verification</c> section, checked at start.
/// </summary>
public static class DeliveryRegistration
{
    public static IServiceCollection AddVerdictDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VerificationOptions>().Bind(configuration.GetSection("Verification"))
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.DispatchInterval > TimeSpan.Zero && o.ImmediateDeliveryBudget >= TimeSpan.Zero,
                "Verification:SweepInterval and Verification:DispatchInterval must be positive, Verification:ImmediateDeliveryBudget not negative")
            .Validate(o => o.SweepInterval <= VerificationOptions.LongestWait && o.DispatchInterval <= VerificationOptions.LongestWait,
                $"Verification:SweepInterval and Verification:DispatchInterval must be at most {VerificationOptions.LongestWait:c} (the longest a timer waits)")
            .Validate(o => o.BacklogConcurrency is >= 1 and <= 64, "Verification:BacklogConcurrency must be between 1 and 64")
            .ValidateOnStart();
        services.AddSingleton<ClaimLocks>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<VerdictsFirst>();
        services.AddSingleton<DeliveryProcessor>();
        services.AddSingleton<OverdueSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<OverdueSweep>());
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
