using FactCheck.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// Says at start-up how the way to the claims service is secured: which CA is trusted when
/// <c>ClaimsService:CaFile</c> is set, and a warning when the verifier key would cross the network
/// unencrypted. The key is this service's credential: whoever reads it can change any claim's status.
/// </summary>
internal sealed class ClaimsTransportCheck(IOptions<ClaimsClientOptions> options, ILogger<ClaimsTransportCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var addresses = ClaimsAddresses.Parse(settings).Addresses;
        if (!string.IsNullOrWhiteSpace(settings.CaFile))
        {
            logger.TrustingCa(settings.CaFile);
        }

        var plain = addresses.Where(a => LoopbackAddresses.IsPlainOffLoopback(a.ToString())).ToList();
        if (!string.IsNullOrEmpty(settings.ApiKey) && plain.Count > 0)
        {
            logger.KeySentUnencrypted(string.Join(", ", plain));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
