using FactCheck.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using FactCheck.Verification.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    [Theory]
    [InlineData("http://claims.internal:5101", true)]
    [InlineData("http://127.0.0.1:5101;http://claims-b.internal:5101", true)]
    [InlineData("https://claims.internal:5101", false)]
    [InlineData("http://127.0.0.1:5101", false)]
    public void The_verifier_key_going_unencrypted_to_another_machine_is_a_warning_at_start(string claimsUrl, bool warns)
    {
        using var folder = new TempFolder();
        using var link = new CuttableLink();
        var log = new CapturedLog();
        using var host = new VerificationHost(folder, link, settings: new Dictionary<string, string?> { ["ClaimsService:Url"] = claimsUrl },
            services: s => s.AddSingleton<ILoggerProvider>(log));

        _ = host.Server;

        var warnings = log.At(LogLevel.Warning).Where(m => m.StartsWith("ClaimsService:ApiKey is sent unencrypted to ", StringComparison.Ordinal)).ToList();
        Assert.Equal(warns, warnings.Count == 1);
        Assert.All(warnings, w => Assert.DoesNotContain("127.0.0.1", w, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Verification:SweepInterval", "60.00:00:00", "Verification:SweepInterval and Verification:DispatchInterval must be at most 24.00:00:00")]
    [InlineData("Verification:DispatchInterval", "00:00:00", "Verification:SweepInterval and Verification:DispatchInterval must be positive")]
    [InlineData("Verification:ReconcileInterval", "30.00:00:00", "Verification:ReconcileInterval must be at most 24.00:00:00")]
    [InlineData("Verification:BacklogConcurrency", "0", "Verification:BacklogConcurrency must be between 1 and 64")]
    public async Task A_delivery_setting_out_of_range_refuses_the_start_naming_itself(string setting, string value, string message)
    {
        using var folder = new TempFolder();
        var environment = TestTimings.VerificationEnvironment();
        environment["ConnectionStrings__Verification"] = folder.VerificationDb;
        environment[setting.Replace(":", "__", StringComparison.Ordinal)] = value;
        var port = ServiceProcess.FreePort();

        var refused = await ServiceProcess.RunToRefusalAsync(
            typeof(FactCheck.Verification.Grpc.VerificationGrpcService).Assembly.Location, environment, ["--urls", $"http://127.0.0.1:{port}"], port);

        Assert.True(refused.ExitCode == FactCheck.ServiceDefaults.ServiceStartup.RefusedExitCode, $"exit code {refused.ExitCode}:\n{refused.Output}");
        Assert.Contains(message, refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
    }
}
