using FactCheck.Tls;
using Microsoft.Extensions.Options;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// Registers the way to the claims service: its options (checked at start), one gRPC client per
/// configured address (named by <see cref="ClaimsGateway.ClientNameFor"/>) that carries the
/// trace context whatever its transport and trusts <c>ClaimsService:CaFile</c> when one is set,
/// the resilience pipeline and the gateway that fails over across the addresses.
/// </summary>
public static class ClaimsClientRegistration
{
    public static IServiceCollection AddClaimsClient(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ClaimsService");
        services.AddOptions<ClaimsClientOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClaimsClientOptions>, ClaimsClientOptionsValidator>();

        // The number of named clients is fixed here, from the same configuration the options are
        // bound from; a broken list still registers one, and the validator stops the start.
        var count = Math.Max(1, ClaimsAddresses.Parse(section.Get<ClaimsClientOptions>() ?? new ClaimsClientOptions()).Addresses.Count);
        for (var i = 0; i < count; i++)
        {
            var index = i;
            services.AddGrpcClient<Api.ClaimsService.ClaimsServiceClient>(ClaimsGateway.ClientNameFor(index), (sp, o) =>
            {
                var addresses = ClaimsAddresses.Parse(sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value).Addresses;
                o.Address = index < addresses.Count ? addresses[index] : throw new InvalidOperationException(
                    $"ClaimsService:Url lists {addresses.Count} address(es) now but {count} at start; restart to change the list");
            })
            .ConfigurePrimaryHttpMessageHandler((handler, sp) => TrustConfiguredCa(handler, sp.GetRequiredService<TrustedCaSetting>()))
            .AddHttpMessageHandler(() => new TraceContextHandler());
        }

        // Loaded once, when the first client is built; the validator has already read it at start.
        services.AddSingleton(sp => new TrustedCaSetting(sp.GetRequiredService<IOptions<ClaimsClientOptions>>().Value.CaFile));

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
