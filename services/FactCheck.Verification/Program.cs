using FactCheck.GrpcEdge;
using FactCheck.ServiceDefaults;
using FactCheck.Verification.Application;
using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Grpc;
using FactCheck.Verification.Storage;

const string DefaultUrl = "http://127.0.0.1:5102";
const string DefaultRestUrl = "http://127.0.0.1:5112";
if (await HealthProbe.RunIfRequestedAsync(args, DefaultUrl) is { } probeExitCode)
{
    return probeExitCode;
}

// A start refused for its settings logs one line and exits with ServiceStartup.RefusedExitCode (78).
return await ServiceStartup.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults(DefaultUrl, DefaultRestUrl)
        .AddDatabaseCheck<IVerdictStore>("verification database", (store, ct) => store.PingAsync(ct));
    // The claims client's per-request HTTP lines would repeat on every delivery and sweep; failures are logged by the delivery code.
    builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

    builder.Services.AddSingleton(TimeProvider.System);
    // Storage:Provider = sqlite (default) or postgres, with ConnectionStrings:Verification.
    builder.Services.AddVerdictStore(builder.Configuration);
    // ClaimsService:Url: one address, or several replicas' (separated by ; or ,) to fail over across.
    builder.Services.AddClaimsClient(builder.Configuration);
    builder.Services.AddVerdictDelivery(builder.Configuration);
    builder.Services.AddClaimsReconcile();
    builder.Services.AddVerificationUseCases();
    builder.Services.AddRefusalErrors("verification.factcheck.v1");

    var app = builder.Build();
    // Checks the key settings first, so a service that must not start touches no database.
    app.MapServiceDefaults();
    // Migrate before listening and before the dispatcher starts, so both find the schema in place.
    await app.Services.GetRequiredService<IVerdictStore>().MigrateAsync(app.Lifetime.ApplicationStopping);
    app.MapGrpcService<VerificationGrpcService>();
    app.MapGrpcService<AdminGrpcService>();
    await app.RunAsync();
    return 0;
});
