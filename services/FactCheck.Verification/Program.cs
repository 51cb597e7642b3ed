using FactCheck.ServiceDefaults;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Grpc;
using FactCheck.Verification.Storage;

const string DefaultUrl = "http://127.0.0.1:5102";
if (await HealthProbe.RunIfRequestedAsync(args, DefaultUrl) is { } probeExitCode)
{
    return probeExitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(DefaultUrl)
    .AddCheck<VerdictStoreHealthCheck>("verification-database");

// The claims client's per-request HTTP lines would repeat on every delivery and sweep; failures are logged by the delivery code.
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

builder.Services.AddOptions<VerificationOptions>().Bind(builder.Configuration.GetSection("Verification"))
    .Validate(o => o.SweepInterval > TimeSpan.Zero && o.DispatchInterval > TimeSpan.Zero && o.ImmediateDeliveryBudget >= TimeSpan.Zero,
        "Verification:SweepInterval and Verification:DispatchInterval must be positive, Verification:ImmediateDeliveryBudget not negative")
    .ValidateOnStart();
// One address or several replicas' (separated by ; or ,) to fail over across; see ClaimsGateway.
builder.Services.AddClaimsClient(builder.Configuration);

builder.Services.AddSingleton(TimeProvider.System);
// Storage:Provider = sqlite (default) or postgres, with ConnectionStrings:Verification.
builder.Services.AddVerdictStore(builder.Configuration);
builder.Services.AddSingleton<ClaimLocks>();
builder.Services.AddSingleton<DeliverySignal>();
builder.Services.AddSingleton<DeliveryProcessor>();
builder.Services.AddSingleton<VerdictRecorder>();
builder.Services.AddSingleton<SummaryReader>();
builder.Services.AddSingleton<OverdueSweep>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<OverdueSweep>());
builder.Services.AddHostedService<OutboxDispatcher>();
builder.Services.AddGrpc().AddServiceOptions<VerificationGrpcService>(o => o.Interceptors.Add<VerificationErrorInterceptor>());

var app = builder.Build();
// Migrate before listening and before the dispatcher starts, so both find the schema in place.
await app.Services.GetRequiredService<IVerdictStore>().MigrateAsync(app.Lifetime.ApplicationStopping);
app.MapServiceDefaults();
app.MapGrpcService<VerificationGrpcService>();
await app.RunAsync();
return 0;
