using Grpc.Health.V1;
using Grpc.Net.Client;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// `dotnet FactCheck.X.dll --health-probe`: asks the service running in this container for its
/// grpc.health.v1 status and exits 0 when SERVING, 1 otherwise. Container health checks use it,
/// so images need no extra probe binary.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--health-probe";

    /// <summary>Runs the probe when <paramref name="args"/> ask for it; returns its exit code, or null to start the service.</summary>
    public static async Task<int?> RunIfRequestedAsync(string[] args, string defaultUrl)
    {
        if (!args.Contains(Flag))
        {
            return null;
        }

        var url = LocalUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? defaultUrl);
        try
        {
            using var channel = GrpcChannel.ForAddress(url);
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(3));
            await Console.Out.WriteLineAsync($"{url}: {reply.Status}");
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (Grpc.Core.RpcException e)
        {
            await Console.Error.WriteLineAsync($"{url}: {e.StatusCode} {e.Status.Detail}");
            return 1;
        }
    }

    /// <summary>The first listening URL, with a wildcard host replaced by loopback so the probe can dial it.</summary>
    private static string LocalUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        return first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
    }
}
