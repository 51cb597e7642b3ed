using FactCheck.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using FactCheck.Verification.Tests.Support;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>The host conventions shared with the claims service: health checking and reflection.</summary>
public class HostTests
{
    [Fact]
    public async Task Health_checking_reports_serving_with_the_database_answering()
    {
        await using var pair = new ServicePair();
        using var channel = GrpcChannel.ForAddress(pair.Verification.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = pair.Verification.Server.CreateHandler() });

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_verification_service()
    {
        await using var pair = new ServicePair();
        using var channel = GrpcChannel.ForAddress(pair.Verification.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = pair.Verification.Server.CreateHandler() });
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Contains("factcheck.v1.VerificationService", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }
}
