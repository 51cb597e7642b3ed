using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FactCheck.ServiceDefaults;

/// <summary>The parts every FactCheck gRPC host shares. A host calls both methods, then adds its own services.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Largest response message, in bytes (gRPC's default). The largest request is <see cref="MessageLimits"/>', configurable.</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// Kestrel at <paramref name="defaultUrl"/> for gRPC unless ASPNETCORE_URLS or --urls say
    /// otherwise, and at <paramref name="defaultRestUrl"/> for REST unless <c>Rest:Url</c> does
    /// (<see cref="RestSettings"/>, <see cref="ListenPlan"/>); gRPC with message limits and the request limits of the <c>Limits</c> section (<see cref="RequestLimitsExtensions"/>),
    /// its JSON transcoding and OpenAPI document (<see cref="RestApi"/>); API-key auth; health checks; reflection; one-line logs.
    /// </summary>
    public static IHealthChecksBuilder AddServiceDefaults(this WebApplicationBuilder builder, string defaultUrl, string defaultRestUrl)
    {
        var plan = ListenPlan.From(builder.Configuration, defaultUrl, RestSettings.Read(builder.Configuration, defaultRestUrl));
        builder.Services.AddSingleton(plan);
        // Checked on start with the rest (a wrong value refuses it, naming Rest:Url); the plan above left such a value out.
        builder.Services.AddOptions<RestSettings>().Configure(rest => rest.Url = defaultRestUrl);
        builder.Services.AddValidatedSettings<RestSettings>(RestSettings.Section, rest => rest.Problems(plan.GrpcAddresses));
        builder.WebHost.UseUrls(plan.Urls);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = plan.ProtocolsFor(endpoint));
            plan.AddRestEndpoint(kestrel);
            kestrel.SetConnectionLimits(context.Configuration);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Logging.AddSimpleConsole(ConsoleFormat);

        builder.AddTelemetry();

        builder.Services.AddRequestLimits();
        builder.Services.AddSingleton<CallerSlots>();
        var grpc = builder.Services.AddGrpc(o =>
        {
            // First, so a call over its caller's limit is refused before anything else runs.
            o.Interceptors.Add<CallerLimitInterceptor>();
            o.MaxSendMessageSize = MaxMessageSize;
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });
        builder.Services.AddRestApi(grpc, builder.Environment.ApplicationName);
        builder.Services.AddGrpcReflection();

        builder.AddKeysDirectory();
        // Read once, when first resolved (MapServiceDefaults does so, before anything listens).
        builder.Services.AddSingleton(services => ConfiguredKeys.From(services.GetRequiredService<IConfiguration>()));
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        return builder.Services.AddGrpcHealthChecks();
    }

    /// <summary>One line per entry, with a UTC timestamp: what every log line of a service looks like.</summary>
    public static void ConsoleFormat(SimpleConsoleFormatterOptions options)
    {
        options.SingleLine = true;
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        options.UseUtcTimestamp = true;
    }

    /// <summary>
    /// Kestrel's connection limits, stated here rather than left to its defaults so that they are
    /// reviewed with the rest: at most 100 streams (calls) on one HTTP/2 connection at once, 32 KiB
    /// of request headers (16 KiB in one field, HPACK table 4 KiB), 30 s to send them, a
    /// keep-alive ping after 60 s without a frame that must be answered within 20 s (so a watcher
    /// whose machine vanished is noticed), and a connection with no open stream closed after 130 s.
    /// Each can be changed with Kestrel's own settings, <c>Kestrel:Limits:...</c>
    /// (<c>Kestrel__Limits__Http2__MaxStreamsPerConnection=200</c>), read after these.
    /// </summary>
    private static void SetConnectionLimits(this KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var limits = kestrel.Limits;
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
        limits.Http2.MaxStreamsPerConnection = 100;
        limits.Http2.MaxRequestHeaderFieldSize = 16 * 1024;
        limits.Http2.HeaderTableSize = 4096;
        limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(60);
        limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        configuration.GetSection("Kestrel:Limits").Bind(limits);
    }

    /// <summary>
    /// <c>Auth:KeysDirectory</c>: a directory holding one file per key setting, named as its
    /// environment variable (<c>Auth__Keys__newsroom__Sha256</c>) and holding its value, read by
    /// the standard key-per-file configuration provider. That is the layout of a mounted
    /// Kubernetes or Docker secret. Files named otherwise are left out, so a keys mount
    /// configures keys and nothing else; it overrides keys given in other places.
    /// </summary>
    private static void AddKeysDirectory(this WebApplicationBuilder builder)
    {
        var directory = builder.Configuration[ConfiguredKeys.DirectorySetting];
        if (string.IsNullOrWhiteSpace(directory))
        {
            return;
        }

        var path = Path.GetFullPath(directory);
        if (!Directory.Exists(path))
        {
            throw new InvalidOperationException($"{ConfiguredKeys.DirectorySetting}: '{directory}' is not a directory.");
        }

        var prefix = ConfiguredKeys.Section.Replace(":", "__", StringComparison.Ordinal) + "__";
        builder.Configuration.AddKeyPerFile(source =>
        {
            source.FileProvider = new PhysicalFileProvider(path);
            source.Optional = false;
            source.IgnoreCondition = name => !name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        });
    }

    /// <summary>
    /// OpenTelemetry traces and metrics: incoming gRPC calls (ASP.NET Core), outgoing ones (the
    /// verification service's claims client), HTTP, the runtime, every source named
    /// "FactCheck.*" (the stores' database spans, delivery), and the PostgreSQL driver's own
    /// "Npgsql" source and meter (it emits them natively; on SQLite they stay silent). Exported
    /// over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set: that adds the only exporter, so
    /// without it spans still carry trace ids through logs and calls, and nothing leaves the process.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME names the service when set; an explicit AddService would otherwise win over it.
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(TelemetrySources.Prefix + "*", TelemetrySources.Npgsql)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthCheck(context.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetrySources.Prefix + "*", TelemetrySources.Npgsql)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsHealthCheck(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);

    /// <summary>
    /// Checks the key settings and every setting bound with ValidateOnStart (a wrong one stops the
    /// start here, before anything listens), refuses an open server off loopback, maps health and
    /// reflection and switches on auth.
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ConfiguredKeys>();
        ServiceStartup.ValidateSettings(app.Services);
        var addresses = app.Services.GetRequiredService<ListenPlan>().All.ToList();
        ServiceStartup.TrackStart(app.Lifetime);
        if (keys.IsOpen)
        {
            var exposed = addresses.Where(a => !LoopbackAddresses.IsLoopback(a.Url)).ToList();
            if (exposed.Count > 0)
            {
                throw new InvalidOperationException(
                    $"No API keys are configured ({ConfiguredKeys.Section}), so the service may only listen on a loopback address, not {string.Join(", ", exposed.Select(a => $"{a.Url} ({a.Setting})"))}. " +
                    "Configure keys (Auth__Keys__{name}__Role and Auth__Keys__{name}__Sha256; `factcheck keys new` makes one) or listen on 127.0.0.1.");
            }

            app.Logger.LogWarning("No API keys configured (Auth:Keys): the service is open to every local caller as 'anonymous' with every role, admin included");
        }
        else
        {
            if (app.Logger.IsEnabled(LogLevel.Information))
            {
                // Names and roles only: the configuration holds no key to leak.
                app.Logger.LogInformation("API keys: {Keys}", string.Join(", ", keys.All.Select(k => $"{k.Name} ({k.Role})")));
            }

            var plain = addresses.Where(a => LoopbackAddresses.IsPlainOffLoopback(a.Url)).Select(a => a.Url).ToList();
            if (plain.Count > 0)
            {
                // Allowed, for a private network or a TLS proxy in front, but never silently.
                app.Logger.LogWarning("Callers' API keys reach {Addresses} unencrypted: serve TLS there (docs/security.md, \"TLS\") unless the network is private or a TLS proxy is in front", string.Join(", ", plain));
            }
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapRestApi();
        return app;
    }
}
