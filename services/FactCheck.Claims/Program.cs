using FactCheck.Claims.Application;
using FactCheck.Claims.Grpc;
using FactCheck.Claims.Matching;
using FactCheck.Claims.Storage;
using FactCheck.Claims.Watch;
using FactCheck.Claims.Webhooks;
using FactCheck.GrpcEdge;
using FactCheck.ServiceDefaults;

const string DefaultUrl = "http://127.0.0.1:5101";
const string DefaultRestUrl = "http://127.0.0.1:5111";
if (await HealthProbe.RunIfRequestedAsync(args, DefaultUrl) is { } probeExitCode)
{
    return probeExitCode;
}

// A start refused for its settings logs one line and exits with ServiceStartup.RefusedExitCode (78).
return await ServiceStartup.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults(DefaultUrl, DefaultRestUrl)
        .AddDatabaseCheck<ClaimStore>("claims database", (store, ct) => store.PingAsync(ct));
    var storage = builder.Services.AddClaimStore(builder.Configuration);
    builder.Services.AddClaimWatch(builder.Configuration, storage);
    builder.Services.AddClaimMatching(builder.Configuration);
    builder.Services.AddClaimWebhooks(builder.Configuration, storage);
    builder.Services.AddClaimUseCases();
    builder.Services.AddRefusalErrors("claims.factcheck.v1");

    var app = builder.Build();
    // Checks the key settings and every validated setting first, so a service that must not start touches no database.
    app.MapServiceDefaults();
    // Migrate before listening, so the first health check that answers SERVING finds the schema in place.
    await app.Services.GetRequiredService<ClaimStore>().MigrateAsync(app.Lifetime.ApplicationStopping);
    app.MapGrpcService<ClaimsGrpcService>();
    app.MapGrpcService<WebhooksGrpcService>();
    app.MapGrpcService<AdminGrpcService>();
    await app.RunAsync();
    return 0;
});
