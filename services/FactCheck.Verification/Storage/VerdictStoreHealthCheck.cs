using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FactCheck.Verification.Storage;

/// <summary>Healthy while the store answers; reported through grpc.health.v1.</summary>
public sealed class VerdictStoreHealthCheck(IVerdictStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the verification database does not answer", e);
        }
    }
}
