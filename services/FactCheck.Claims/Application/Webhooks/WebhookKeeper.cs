using FactCheck.Claims.Storage;
using FactCheck.Claims.Webhooks;
using FactCheck.Domain.Webhooks;

namespace FactCheck.Claims.Application.Webhooks;

/// <summary>A secret rotation: the webhook, and how long its current secret keeps signing beside the new one.</summary>
public sealed record SecretRotation(string WebhookId, TimeSpan GracePeriod);

/// <summary>
/// The smaller webhook writes, each one store call: deleting a webhook (with its queue),
/// rotating its secret (the old one signs beside the new for a grace period, so receivers switch
/// without losing a delivery), and queuing an event for it again.
/// </summary>
public sealed class WebhookKeeper(ClaimStore store, WebhookSecrets secrets, WebhookDispatcher dispatcher, TimeProvider clock)
{
    public const string GracePeriodField = "gracePeriod";

    public Task DeleteAsync(string webhookId, string? etag, CancellationToken ct) => store.DeleteWebhookAsync(webhookId, etag, ct);

    public Validated<SecretRotation> Check(SecretRotation rotation)
    {
        var violations = new List<FieldViolation>();
        if (rotation.GracePeriod < TimeSpan.Zero || rotation.GracePeriod > WebhookLimits.MaxGracePeriod)
        {
            violations.Add(new(GracePeriodField, $"must be from 0 to {WebhookLimits.MaxGracePeriod.TotalDays:0} days (got {rotation.GracePeriod})"));
        }

        return new(rotation, violations);
    }

    public async Task<CreatedWebhook> RotateSecretAsync(Validated<SecretRotation> request, CancellationToken ct)
    {
        var rotation = request.Valid;
        var secret = WebhookSecrets.NewSecret();
        var webhook = await store.RotateWebhookSecretAsync(rotation.WebhookId, secrets.Seal(secret), clock.GetUtcNow() + rotation.GracePeriod, ct);
        return new CreatedWebhook(webhook, secret);
    }

    public async Task<Delivery> RedeliverAsync(string webhookId, long sequence, CancellationToken ct)
    {
        var delivery = await store.RedeliverAsync(webhookId, sequence, ct);
        dispatcher.Wake();
        return delivery;
    }
}
