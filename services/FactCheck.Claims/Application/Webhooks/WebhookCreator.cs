using FactCheck.Claims.Storage;
using FactCheck.Claims.Webhooks;
using FactCheck.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Application.Webhooks;

/// <summary>A webhook to create: its id (null: the service picks one), its settings, and who creates it (its owner).</summary>
public sealed record NewWebhook(string? WebhookId, WebhookSettings Settings, WriteContext Write);

/// <summary>A created webhook and its signing secret, shown this once.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string Secret);

/// <summary>
/// Creating a webhook: its fields are checked once; the service makes its secret, and the store
/// keeps it sealed, counts the owner's webhooks against <see cref="WebhookOptions.MaxPerCaller"/>
/// and starts its cursor at the newest event. A repeated request id answers as the first call did,
/// with the webhook's current secret.
/// </summary>
public sealed class WebhookCreator(ClaimStore store, WebhookFields fields, WebhookSecrets secrets, IOptions<WebhookOptions> options, LimitSettings limits)
{
    public const string WebhookIdField = "webhookId";

    public Validated<NewWebhook> Check(NewWebhook webhook)
    {
        var violations = new List<FieldViolation>();
        fields.Check(webhook.Settings, violations);
        if (webhook.WebhookId is { } id && !WebhookName.IsValidId(id))
        {
            violations.Add(new(WebhookIdField, $"must be 1 to {WebhookName.MaxIdLength} characters from a-z, 0-9 and '-', not starting or ending with '-'"));
        }

        ClaimValidation.CheckRequestId(webhook.Write.RequestId, ClaimFields.RequestId, limits, violations);
        return new(webhook, violations);
    }

    public async Task<CreatedWebhook> CreateAsync(Validated<NewWebhook> request, CancellationToken ct)
    {
        var webhook = request.Valid;
        var created = await store.CreateWebhookAsync(webhook.WebhookId ?? WebhookName.NewId(), webhook.Write.Actor, webhook.Settings,
            secrets.Seal(WebhookSecrets.NewSecret()), options.Value.MaxPerCaller, webhook.Write, ct);
        // Read back rather than kept from above: a repeated request id must answer with the first call's secret.
        var stored = await store.ReadWebhookSecretsAsync(created.Id, ct);
        return new CreatedWebhook(created, secrets.Reveal(stored.Current));
    }
}
