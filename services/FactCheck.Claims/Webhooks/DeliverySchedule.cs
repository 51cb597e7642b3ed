using Microsoft.Extensions.Options;
using Polly.Contrib.WaitAndRetry;

namespace FactCheck.Claims.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff with decorrelated jitter (Polly's
/// <see cref="Backoff.DecorrelatedJitterBackoffV2"/>, median first wait
/// <see cref="WebhookOptions.FirstRetryDelay"/>), each wait at most
/// <see cref="WebhookOptions.MaxRetryDelay"/>, until <see cref="WebhookOptions.RetryPeriod"/>
/// after the first attempt. Attempts must outlive a restart, so the next time is computed from
/// what is stored (the delivery's row, its attempt count and first attempt) rather than held by
/// an in-memory retry loop: seeded by the row, the jitter is the same whoever computes it.
/// </summary>
public sealed class DeliverySchedule(IOptions<WebhookOptions> options)
{
    /// <summary>The next attempt after <paramref name="attemptsMade"/> failed ones, or null when the retry period is over.</summary>
    public DateTimeOffset? NextAttempt(long deliveryPk, int attemptsMade, DateTimeOffset firstAttempt, DateTimeOffset now)
    {
        var settings = options.Value;
        var wait = Backoff.DecorrelatedJitterBackoffV2(settings.FirstRetryDelay, attemptsMade, unchecked((int)deliveryPk)).Last();
        var next = now + (wait < settings.MaxRetryDelay ? wait : settings.MaxRetryDelay);
        return next <= firstAttempt + settings.RetryPeriod ? next : null;
    }
}
