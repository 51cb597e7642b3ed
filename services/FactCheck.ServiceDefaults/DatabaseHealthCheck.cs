using FactCheck.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// Healthy while the service's database answers a round trip; reported through grpc.health.v1.
/// Unhealthy (NOT_SERVING) while it does not. A database whose disk is full still answers reads,
/// so the service keeps SERVING them: the check is Degraded then, with the reason in its
/// description (and the database's faults in the log and metrics, <see cref="IDependencyFaults"/>).
/// </summary>
public sealed class DatabaseHealthCheck(Func<CancellationToken, Task> ping, string name, IDependencyFaults? faults) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await ping(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the {name} does not answer", e);
        }

        faults?.Answered();
        return faults is { IsFull: true }
            ? HealthCheckResult.Degraded($"the {name}'s disk is full: writes are refused, reads go on")
            : HealthCheckResult.Healthy();
    }
}

public static class DatabaseHealthCheckExtensions
{
    /// <summary>
    /// Adds a check that is healthy while <paramref name="ping"/> succeeds on the registered
    /// <typeparamref name="TStore"/>, and degraded while the <see cref="IDependencyFaults"/> of the
    /// same <paramref name="name"/> says its disk is full.
    /// </summary>
    public static IHealthChecksBuilder AddDatabaseCheck<TStore>(this IHealthChecksBuilder builder, string name, Func<TStore, CancellationToken, Task> ping)
        where TStore : notnull =>
        builder.Add(new HealthCheckRegistration(name, sp => new DatabaseHealthCheck(
            ct => ping(sp.GetRequiredService<TStore>(), ct), name, sp.GetServices<IDependencyFaults>().FirstOrDefault(f => f.Dependency == name)), null, null));
}
