using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FactCheck.Claims.Storage;

/// <summary>Healthy while the store answers; reported through grpc.health.v1.</summary>
public sealed class ClaimStoreHealthCheck(IClaimStore store) : IHealthCheck
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
            return HealthCheckResult.Unhealthy("the claims database does not answer", e);
        }
    }
}
