using FactCheck.Claims.Grpc;
using FactCheck.Cli.Connection;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Grpc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace FactCheck.Cli.Tests.Support;

/// <summary>The API keys of secured test services. One key works on both services, as a person's would.</summary>
public static class Keys
{
    /// <summary>Verifier on both services (so also editor on the claims service).</summary>
    public const string Desk = "desk-key";

    /// <summary>Reader on both services.</summary>
    public const string Reader = "reader-key";

    /// <summary>The verification service's own key for the claims service.</summary>
    public const string Delivery = "delivery-key";
}

/// <summary>
/// Both real services (their Program.cs) on in-memory test servers with SQLite files in a
/// temporary folder: the claims service, and the verification service delivering to it
/// through <see cref="Link"/>, which a test can cut to make the claims service unreachable for it.
/// </summary>
public sealed class Services : IAsyncDisposable
{
    public Services(bool secured = false)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("factcheck-cli-").FullName;
        Claims = new ClaimsHost(Path.Combine(Directory, "claims.db"), secured);
        Link = new SwitchableLink(() => Claims.Server.CreateHandler());
        Verification = new VerificationHost(Path.Combine(Directory, "verification.db"), secured, Link);
    }

    public string Directory { get; }

    public ClaimsHost Claims { get; }

    public VerificationHost Verification { get; }

    public SwitchableLink Link { get; }

    /// <summary>The handlers the CLI uses instead of sockets: each service's in-memory server.</summary>
    public HttpMessageHandler? Handler(ServiceKind kind) =>
        kind == ServiceKind.Claims ? Claims.Server.CreateHandler() : Verification.Server.CreateHandler();

    public async ValueTask DisposeAsync()
    {
        await Verification.DisposeAsync();
        await Claims.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind; the test result stands.
        }
    }

    public sealed class ClaimsHost(string database, bool secured) : WebApplicationFactory<ClaimsGrpcService>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Claims", $"Data Source={database}");
            if (secured)
            {
                builder.UseSetting("Auth:Keys:0:Key", Keys.Desk);
                builder.UseSetting("Auth:Keys:0:Name", "desk");
                builder.UseSetting("Auth:Keys:0:Role", "Verifier");
                builder.UseSetting("Auth:Keys:1:Key", Keys.Reader);
                builder.UseSetting("Auth:Keys:1:Name", "reader");
                builder.UseSetting("Auth:Keys:1:Role", "Reader");
                builder.UseSetting("Auth:Keys:2:Key", Keys.Delivery);
                builder.UseSetting("Auth:Keys:2:Name", "verification-service");
                builder.UseSetting("Auth:Keys:2:Role", "Verifier");
            }
        }
    }

    public sealed class VerificationHost(string database, bool secured, SwitchableLink link) : WebApplicationFactory<VerificationGrpcService>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Verification"] = $"Data Source={database}",
                ["ClaimsService:Url"] = "http://claims.test",
                ["ClaimsService:CallTimeout"] = "00:00:02",
                ["ClaimsService:RetryDelay"] = "00:00:00.050",
                ["ClaimsService:BreakDuration"] = "00:00:01",
                // Generous: under a loaded CI machine the first delivery can take seconds, and these tests expect APPLIED.
                ["Verification:ImmediateDeliveryBudget"] = "00:00:10",
                ["Verification:DispatchInterval"] = "00:00:00.200",
                // The walk-through checks what a person sees right after an import; the service's own
                // overdue sweep (every minute by default) is exercised by the verification service's tests.
                ["Verification:SweepInterval"] = "01:00:00",
            };
            if (secured)
            {
                settings["ClaimsService:ApiKey"] = Keys.Delivery;
                settings["Auth:Keys:0:Key"] = Keys.Desk;
                settings["Auth:Keys:0:Name"] = "desk";
                settings["Auth:Keys:0:Role"] = "Verifier";
                settings["Auth:Keys:1:Key"] = Keys.Reader;
                settings["Auth:Keys:1:Name"] = "reader";
                settings["Auth:Keys:1:Role"] = "Reader";
            }

            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
                services.Configure<HttpClientFactoryOptions>(ClaimsGateway.ClientName,
                    o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = link.CreateHandler())));
        }
    }
}

/// <summary>The network from the verification service to the claims service; <see cref="Cut"/> makes every call fail as a refused connection.</summary>
public sealed class SwitchableLink(Func<HttpMessageHandler> target)
{
    private volatile bool _cut;

    public void Cut() => _cut = true;

    public void Restore() => _cut = false;

    public HttpMessageHandler CreateHandler() => new Handler(this, new HttpMessageInvoker(target()));

    private sealed class Handler(SwitchableLink link, HttpMessageInvoker inner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            link._cut
                ? throw new HttpRequestException("Connection refused (link cut by the test)")
                : inner.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
