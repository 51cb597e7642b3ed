using FactCheck.Bench.Echo;
using FactCheck.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// The bare echo baseline. It copies only what shapes a call's cost on the wire from the
// services' defaults (HTTP/2 without TLS, the message limits) and leaves out auth, telemetry
// and storage, which are part of what the benchmark measures.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddGrpc(o =>
{
    o.MaxReceiveMessageSize = MessageLimits.DefaultMaxMessageBytes;
    o.MaxSendMessageSize = ServiceDefaultsExtensions.MaxMessageSize;
});
// grpc.health.v1 reports SERVING only once some check says healthy; the echo has nothing that can fail.
builder.Services.AddGrpcHealthChecks().AddCheck("echo", () => HealthCheckResult.Healthy());

var app = builder.Build();
app.MapGrpcService<EchoGrpcService>();
app.MapGrpcHealthChecksService();
await app.RunAsync();
