using FactCheck.ServiceDefaults;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Grpc;
using FactCheck.Verification.Storage;
using Microsoft.Extensions.Options;
using Api = FactCheck.Contracts.V1;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultUrl: "http://127.0.0.1:5102")
    .AddCheck<VerdictStoreHealthCheck>("verification-database");

// The claims client's per-request HTTP lines would repeat on every delivery and sweep; failures are logged by the delivery code.
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

var connectionString = builder.Configuration.GetConnectionString("Verification") ?? "Data Source=data/verification.db";
builder.Services.AddOptions<VerificationOptions>().Bind(builder.Configuration.GetSection("Verification"))
    .Validate(o => o.SweepInterval > TimeSpan.Zero && o.DispatchInterval > TimeSpan.Zero && o.ImmediateDeliveryBudget >= TimeSpan.Zero,
        "Verification:SweepInterval and Verification:DispatchInterval must be positive, Verification:ImmediateDeliveryBudget not negative")
    .ValidateOnStart();
builder.Services.AddOptions<ClaimsClientOptions>().Bind(builder.Configuration.GetSection("ClaimsService"))
    .Validate(o => Uri.TryCreate(o.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
        "ClaimsService:Url must be an absolute http or https URL, such as http://127.0.0.1:5101")
    .Validate(o => o.CallTimeout > TimeSpan.Zero && o.MaxRetryAttempts >= 1, "ClaimsService:CallTimeout must be positive and ClaimsService:MaxRetryAttempts at least 1")
    .ValidateOnStart();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IVerdictStore>(sp => new SqliteVerdictStore(connectionString, sp.GetRequiredService<TimeProvider>()));
builder.Services.AddGrpcClient<Api.ClaimsService.ClaimsServiceClient>(ClaimsGateway.ClientName, (sp, o) =>
    o.Address = new Uri(sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value.Url));
builder.Services.AddSingleton(sp => ClaimsResilience.Build(
    sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value, sp.GetRequiredService<ILoggerFactory>().CreateLogger("FactCheck.Verification.Delivery.ClaimsResilience")));
builder.Services.AddSingleton<ClaimsGateway>();
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
