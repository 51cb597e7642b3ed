using FactCheck.Claims.Storage;
using FactCheck.Domain.Webhooks;

namespace FactCheck.Claims.Application.Webhooks;

/// <summary>Reading webhooks and their deliveries; nothing to check beyond what the edge reads.</summary>
public sealed class WebhookReader(ClaimStore store)
{
    public Task<Webhook> GetAsync(string webhookId, CancellationToken ct) => store.GetWebhookAsync(webhookId, ct);

    public Task<IReadOnlyList<(long Pk, Webhook Webhook)>> ListAsync(long afterPk, int limit, CancellationToken ct) => store.ListWebhooksAsync(afterPk, limit, ct);

    public Task<DeliveryPage> DeliveriesAsync(string webhookId, DeliveryState? state, long? beforePk, int limit, CancellationToken ct) =>
        store.ListDeliveriesAsync(webhookId, state, beforePk, limit, ct);
}
