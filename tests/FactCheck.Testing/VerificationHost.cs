using FactCheck.Contracts.V1;
using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Grpc;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace FactCheck.Testing;

/// <summary>
/// The real verification service (its Program.cs) on an in-memory test server, with its SQLite
/// file in <paramref name="folder"/>. Its claims client reaches the claims service through
/// <paramref name="link"/>, presenting <see cref="TestKeys.Delivery"/>; it runs with
/// <see cref="TestTimings"/>. Secured, it knows <see cref="TestKeys.Verification"/>.
/// <paramref name="services"/> changes its services after the service's own registrations (an
/// in-memory trace exporter, say).
/// </summary>
public sealed class VerificationHost(
    TempFolder folder, CuttableLink link, bool secured = true, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<VerificationGrpcService>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = secured ? TestKeys.Settings(TestKeys.Verification) : [];
        foreach (var (key, value) in TestTimings.VerificationSettings())
        {
            all[key] = value;
        }

        all["ConnectionStrings:Verification"] = folder.VerificationDb;
        // The link ignores the address; the gRPC client needs one all the same.
        all["ClaimsService:Url"] = "http://claims.test";
        all["ClaimsService:ApiKey"] = TestKeys.Delivery.Key;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(registered =>
        {
            registered.Configure<HttpClientFactoryOptions>(ClaimsGateway.ClientName,
                o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = link.CreateHandler()));
            if (clock is not null)
            {
                registered.AddSingleton(clock);
            }

            services?.Invoke(registered);
        });
    }

    public GrpcChannel Channel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>A client presenting <paramref name="key"/> (null for none).</summary>
    public VerificationService.VerificationServiceClient Client(TestKey? key) => new(Channel().WithKey(key?.Key));

    /// <summary>A client with the desk's verifier key on a secured host, or without a key on an open one.</summary>
    public VerificationService.VerificationServiceClient Client() => Client(secured ? TestKeys.Desk : null);
}
