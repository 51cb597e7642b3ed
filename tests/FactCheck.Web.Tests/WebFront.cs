using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Verification.Grpc;
using FactCheck.Web;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactCheck.Web.Tests;

/// <summary>
/// The web front as the tests reach it: both services as real processes with keys (on words-only
/// matching, so no model loads), the sample claims imported, and the web app listening on a free
/// loopback port with the reader key. One for the whole test run (a collection fixture): the
/// tests that change claims change claims of their own.
/// </summary>
public sealed class WebFront : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new("factcheck-web-");
    private ServiceProcess? _claims;
    private ServiceProcess? _verification;
    private GrpcChannel? _claimsChannel;
    private GrpcChannel? _verificationChannel;

    public WebApp Web { get; private set; } = null!;

    public Uri BaseAddress => Web.BaseAddress;

    /// <summary>The newsroom's editor client of the claims service.</summary>
    public ClaimsService.ClaimsServiceClient Claims { get; private set; } = null!;

    /// <summary>The desk's verifier client of the verification service.</summary>
    public VerificationService.VerificationServiceClient Desk { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var claimsEnvironment = TestKeys.Environment(TestKeys.Claims);
        claimsEnvironment["ConnectionStrings__Claims"] = _folder.ClaimsDb;
        claimsEnvironment["Matching__Semantic"] = "false";
        _claims = await ServiceProcess.StartAsync(typeof(ClaimsGrpcService).Assembly.Location, claimsEnvironment);

        var verificationEnvironment = TestTimings.VerificationEnvironment();
        foreach (var (key, value) in TestKeys.Environment(TestKeys.Verification))
        {
            verificationEnvironment[key] = value;
        }

        verificationEnvironment["ConnectionStrings__Verification"] = _folder.VerificationDb;
        verificationEnvironment["ClaimsService__Url"] = _claims.Address.ToString();
        verificationEnvironment["ClaimsService__ApiKey"] = TestKeys.Delivery.Key;
        _verification = await ServiceProcess.StartAsync(typeof(VerificationGrpcService).Assembly.Location, verificationEnvironment);

        _claimsChannel = _claims.Channel();
        _verificationChannel = _verification.Channel();
        Claims = new ClaimsService.ClaimsServiceClient(_claimsChannel.WithKey(TestKeys.Newsroom.Key));
        Desk = new VerificationService.VerificationServiceClient(_verificationChannel.WithKey(TestKeys.Desk.Key));
        foreach (var id in SampleClaims.Ids)
        {
            await Claims.CreateClaimAsync(SampleClaims.Create(id), deadline: DateTime.UtcNow.AddSeconds(20));
        }

        Web = StartWeb(new Dictionary<string, string?>());
    }

    /// <summary>A web app of its own on these services, with <paramref name="settings"/> besides: for a test that needs its own limits, or no other reader.</summary>
    public WebApp StartWeb(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Web:ClaimsUrl"] = _claims!.Address.ToString(),
            ["Web:VerificationUrl"] = _verification!.Address.ToString(),
            ["Web:ApiKey"] = TestKeys.Reader.Key,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return WebApp.Start(all);
    }

    public async Task DisposeAsync()
    {
        if (Web is not null)
        {
            await Web.DisposeAsync();
        }

        _claimsChannel?.Dispose();
        _verificationChannel?.Dispose();
        if (_verification is not null)
        {
            await _verification.DisposeAsync();
        }

        if (_claims is not null)
        {
            await _claims.DisposeAsync();
        }
    }

    // xunit calls it after DisposeAsync: the folder goes once both services have stopped.
    public void Dispose() => _folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class WebFrontGroup : ICollectionFixture<WebFront>, ICollectionFixture<Browser>
{
    public const string Name = "web front";
}

/// <summary>
/// The web app (its Program, in this process) on Kestrel at a free loopback port: a real socket,
/// which a browser needs. <paramref name="settings"/> are its configuration; its public base
/// address is its own unless they say otherwise.
/// </summary>
public sealed class WebApp : WebApplicationFactory<WebSettings>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private WebApp(Uri address, IReadOnlyDictionary<string, string?> settings)
    {
        BaseAddress = address;
        _settings = settings;
    }

    public Uri BaseAddress { get; }

    public static WebApp Start(IReadOnlyDictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        var app = new WebApp(address, settings);
        // The address comes from the app's own urls setting (ConfigureWebHost), not UseKestrel(port):
        // that overload rewrites the server's addresses after the app has started binding them, a
        // race that fails a start now and then (dotnet/aspnetcore PR #67714).
        app.UseKestrel();
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, BaseAddress.ToString().TrimEnd('/'));
        builder.UseSetting("Web:PublicBaseUrl", BaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A plain HTTP client of the app's socket, following no redirects.</summary>
    public HttpClient Http() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
}
