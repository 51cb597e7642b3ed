using FactCheck.Contracts.V1;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Grpc;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace FactCheck.Verification.Tests.Support;

/// <summary>
/// The real verification service (its Program.cs) on an in-memory test server, with its SQLite
/// file in the test's folder. Its claims client reaches the claims service through
/// <see cref="ClaimsLink"/>; timings are shortened so faults resolve within a test's patience.
/// </summary>
public sealed class VerificationHost(TestData data, ClaimsLink link, TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<VerificationGrpcService>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Verification"] = data.VerificationDb,
            // The link ignores the address; the gRPC client needs one all the same.
            ["ClaimsService:Url"] = "http://claims.test",
            ["ClaimsService:ApiKey"] = Keys.ClaimsVerifier,
            ["ClaimsService:CallTimeout"] = "00:00:05",
            ["ClaimsService:RetryDelay"] = "00:00:00.050",
            ["ClaimsService:BreakDuration"] = "00:00:01",
            ["Verification:ImmediateDeliveryBudget"] = "00:00:10",
            ["Verification:DispatchInterval"] = "00:00:00.200",
            ["Verification:SweepInterval"] = "01:00:00",
            ["Auth:Keys:0:Key"] = Keys.Desk,
            ["Auth:Keys:0:Name"] = Keys.DeskActor,
            ["Auth:Keys:0:Role"] = "Verifier",
            ["Auth:Keys:1:Key"] = Keys.Reader,
            ["Auth:Keys:1:Name"] = "reader",
            ["Auth:Keys:1:Role"] = "Reader",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.Configure<HttpClientFactoryOptions>(ClaimsGateway.ClientName,
                o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = link.CreateHandler()));
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
    }

    /// <summary>A client presenting <paramref name="apiKey"/> (the desk's verifier key unless told otherwise; null for none).</summary>
    public VerificationService.VerificationServiceClient Client(string? apiKey = Keys.Desk)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        return new(apiKey is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
                return metadata;
            }));
    }
}
