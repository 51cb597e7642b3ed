using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    /// Kestrel on HTTP/2 without TLS at <paramref name="defaultUrl"/> unless ASPNETCORE_URLS or --urls
    /// say otherwise; gRPC with message limits and the request limits of the <c>Limits</c> section (<see cref="RequestLimitsExtensions"/>); API-key auth; health checks; reflection; one-line logs.
    /// </summary>
    public static IHealthChecksBuilder AddServiceDefaults(this WebApplicationBuilder builder, string defaultUrl)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(defaultUrl);
        }

        // gRPC without TLS needs HTTP/2 "prior knowledge": no HTTP/1.1 fallback to negotiate.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });

        builder.AddTelemetry();

        var (_, messages) = builder.Services.AddRequestLimits(builder.Configuration);
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = messages.MaxMessageBytes;
            o.MaxSendMessageSize = MaxMessageSize;
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });
        builder.Services.AddGrpcReflection();

        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection("Auth"));
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        return builder.Services.AddGrpcHealthChecks();
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

    /// <summary>Maps health and reflection, switches on auth, and refuses an open server off loopback.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.IsOpen)
        {
            var urls = (app.Configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);
            var exposed = urls.Where(u => !IsLoopback(u)).ToList();
            if (exposed.Count > 0)
            {
                throw new InvalidOperationException(
                    $"No API keys are configured (Auth:Keys), so the service may only listen on a loopback address, not {string.Join(", ", exposed)}. " +
                    "Configure keys (Auth__Keys__0__Key, Auth__Keys__0__Name, Auth__Keys__0__Role) or listen on 127.0.0.1.");
            }

            app.Logger.LogWarning("No API keys configured (Auth:Keys): the service is open to every local caller as 'anonymous' with the verifier role");
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
