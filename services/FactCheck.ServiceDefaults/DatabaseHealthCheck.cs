using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FactCheck.ServiceDefaults;

/// <summary>Healthy while the service's database answers a round trip; reported through grpc.health.v1.</summary>
public sealed class DatabaseHealthCheck(Func<CancellationToken, Task> ping, string name) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await ping(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the {name} does not answer", e);
        }
    }
}

public static class DatabaseHealthCheckExtensions
{
    /// <summary>Adds a check that is healthy while <paramref name="ping"/> succeeds on the registered <typeparamref name="TStore"/>.</summary>
    public static IHealthChecksBuilder AddDatabaseCheck<TStore>(this IHealthChecksBuilder builder, string name, Func<TStore, CancellationToken, Task> ping)
        where TStore : notnull =>
        builder.Add(new HealthCheckRegistration(name, sp => new DatabaseHealthCheck(ct => ping(sp.GetRequiredService<TStore>(), ct), name), null, null));
}
