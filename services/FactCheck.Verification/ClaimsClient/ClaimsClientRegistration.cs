using FactCheck.Tls;
using Grpc.Core;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Options;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// Registers the way to the claims service: its options (checked at start), ONE gRPC client
/// (Grpc.Net.ClientFactory keeps one channel for it for the process's lifetime) that fails over
/// across the configured addresses, presents the verifier key as call credentials, carries the
/// trace context whatever its transport and trusts <c>ClaimsService:CaFile</c> when one is set;
/// the resilience pipeline and the gateway around it.
///
/// Failover is the channel's own client-side load balancing: several addresses are given to it
/// as <c>static:///</c> with a static resolver over them, under the pick_first policy. pick_first
/// connects to the addresses in the order configured and sends every call to the first that
/// accepts a connection; whenever that connection ends (the replica stopped, or the connection
/// closed after standing idle) it connects again from the top of the list. That is ordered failover with a preference for the first address,
/// which is what the list means; round_robin would spread calls over replicas that share one
/// database, for nothing. Moving a call to another replica is safe because every write carries a
/// request_id, which the replicas' shared database makes idempotent across all of them.
/// pick_first moves on only when a connection fails: a replica that accepts connections but never
/// answers keeps the calls, which then end DEADLINE_EXCEEDED and stay queued until it answers or
/// is stopped.
///
/// One address is given to the channel as it is: GrpcChannel resolves an http(s) address with
/// the same static resolver and pick_first itself, and keeps working with a primary handler that
/// is not a SocketsHttpHandler (tests give it an in-memory one), which load balancing over
/// <c>static:///</c> refuses.
/// </summary>
public static class ClaimsClientRegistration
{
    /// <summary>The address the channel is given when it balances over several: its static resolver supplies the real ones.</summary>
    private static readonly Uri BalancedAddress = new("static:///claims-service");

    public static IServiceCollection AddClaimsClient(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ClaimsService");
        services.AddOptions<ClaimsClientOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClaimsClientOptions>, ClaimsClientOptionsValidator>();
        services.AddSingleton<ClaimsAddressList>();

        // Read by the channel (through the client factory's service provider) for static:/// addresses.
        services.AddSingleton<ResolverFactory>(sp =>
        {
            var addresses = sp.GetRequiredService<ClaimsAddressList>().Addresses;
            return new StaticResolverFactory(_ => addresses.Select(a => new BalancerAddress(a.IdnHost, a.Port)));
        });

        services.AddGrpcClient<Api.ClaimsService.ClaimsServiceClient>(ClaimsGateway.ClientName, (sp, o) =>
            {
                var addresses = sp.GetRequiredService<ClaimsAddressList>().Addresses;
                o.Address = addresses.Count == 1 ? addresses[0] : BalancedAddress;
            })
            .ConfigureChannel((sp, o) =>
            {
                var settings = sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value;
                var addresses = sp.GetRequiredService<ClaimsAddressList>();
                if (addresses.Addresses.Count > 1)
                {
                    // static:/// says nothing about TLS; the addresses do (the validator allows one scheme per list).
                    o.Credentials = addresses.Secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
                    o.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new PickFirstConfig() } };
                }

                // The key goes over plaintext only where the operator listed http:// addresses;
                // ClaimsTransportCheck warns at start when that is off this machine.
                o.UnsafeUseInsecureChannelCallCredentials = !addresses.Secure;
                // A replica that was down is tried again at least this often: the circuit breaker
                // lets a probe through after BreakDuration, and the channel should not still be
                // waiting out its own reconnect backoff (two minutes by default) by then.
                o.MaxReconnectBackoff = settings.BreakDuration;
                o.InitialReconnectBackoff = TimeSpan.FromSeconds(Math.Min(1, settings.BreakDuration.TotalSeconds));
            })
            .AddCallCredentials((_, metadata, sp) =>
            {
                var key = sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value.ApiKey;
                if (key.Length > 0)
                {
                    metadata.Add("authorization", $"Bearer {key}");
                }

                return Task.CompletedTask;
            })
            .ConfigurePrimaryHttpMessageHandler((handler, sp) => TrustConfiguredCa(handler, sp.GetRequiredService<TrustedCaSetting>()))
            .AddHttpMessageHandler(() => new TraceContextHandler())
            .AddHttpMessageHandler(sp => new FailoverLogHandler(sp.GetRequiredService<ClaimsFailoverLog>()));

        // Loaded once, when the client is built; the validator has already read it at start.
        services.AddSingleton(sp => new TrustedCaSetting(sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value.CaFile));
        services.AddSingleton<ClaimsFailoverLog>();

        services.AddSingleton(sp => ClaimsResilience.Build(
            sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClaimsResilience).FullName!)));
        services.AddSingleton<ClaimsGateway>();
        services.AddHostedService<ClaimsTransportCheck>();
        return services;
    }

    private static void TrustConfiguredCa(HttpMessageHandler handler, TrustedCaSetting setting)
    {
        if (setting.Ca is not { } ca)
        {
            return;
        }

        switch (handler)
        {
            case SocketsHttpHandler sockets:
                ca.ApplyTo(sockets.SslOptions);
                break;
            case HttpClientHandler client:
                client.ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) =>
                    certificate is not null && ca.Problem(certificate, errors, chain?.ChainPolicy.ExtraStore) is null;
                break;
            default:
                throw new InvalidOperationException($"{CaFileSetting} is set, but the claims client's handler is a {handler.GetType().Name}, which cannot be given a CA");
        }
    }

    internal const string CaFileSetting = "ClaimsService:CaFile";

    /// <summary>The CA of <c>ClaimsService:CaFile</c>, or none when the system's roots are trusted.</summary>
    private sealed class TrustedCaSetting(string path)
    {
        public TrustedCa? Ca { get; } = string.IsNullOrWhiteSpace(path) ? null : TrustedCa.Load(path, CaFileSetting);
    }

    private sealed class ClaimsClientOptionsValidator : IValidateOptions<ClaimsClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClaimsClientOptions options)
        {
            var failures = ClaimsAddresses.Parse(options).Errors.Select(e => $"ClaimsService:Url: {e}").ToList();
            if (options.CallTimeout <= TimeSpan.Zero || options.MaxRetryAttempts < 1)
            {
                failures.Add("ClaimsService:CallTimeout must be positive and ClaimsService:MaxRetryAttempts at least 1");
            }

            if (!string.IsNullOrWhiteSpace(options.CaFile))
            {
                try
                {
                    TrustedCa.Load(options.CaFile, CaFileSetting);
                }
                catch (TrustedCaException e)
                {
                    failures.Add(e.Message);
                }
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
