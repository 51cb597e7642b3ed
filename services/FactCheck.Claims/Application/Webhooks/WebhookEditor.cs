using FactCheck.Claims.Storage;
using FactCheck.Claims.Webhooks;
using FactCheck.Domain.Webhooks;

namespace FactCheck.Claims.Application.Webhooks;

/// <summary>A change to a webhook: the fields named (by <see cref="WebhookFields"/> keys) take their values from <see cref="Values"/> and <see cref="State"/>.</summary>
public sealed record WebhookUpdate(string WebhookId, string? Etag, IReadOnlySet<string> Fields, WebhookSettings Values, WebhookState? State);

/// <summary>
/// Changing a webhook: its target, filter, description, or state. Resuming clears the reason the
/// service paused it for, and wakes the deliverer, so what queued meanwhile goes out at once.
/// </summary>
public sealed class WebhookEditor(ClaimStore store, WebhookFields fields, WebhookDispatcher dispatcher)
{
    public const string UpdateMaskField = "updateMask";

    public Validated<WebhookUpdate> Check(WebhookUpdate update)
    {
        var violations = new List<FieldViolation>();
        if (update.Fields.Count == 0)
        {
            violations.Add(new(UpdateMaskField, $"must name at least one of {string.Join(", ", WebhookFields.Updatable.Order())}"));
        }

        fields.Check(update.Values, violations, update.Fields);
        if (update.Fields.Contains(WebhookFields.State) && update.State is null)
        {
            violations.Add(new(WebhookFields.State, "must be STATE_ACTIVE or STATE_PAUSED when update_mask names it"));
        }

        return new(update, violations);
    }

    public async Task<Webhook> UpdateAsync(Validated<WebhookUpdate> request, CancellationToken ct)
    {
        var update = request.Valid;
        var updated = await store.UpdateWebhookAsync(update.WebhookId, update.Etag, current => Apply(current, update), ct);
        if (updated.State == WebhookState.Active)
        {
            dispatcher.Wake();
        }

        return updated;
    }

    private static Webhook Apply(Webhook current, WebhookUpdate update)
    {
        T Pick<T>(string field, T value, T old) => update.Fields.Contains(field) ? value : old;
        var settings = current.Settings;
        var values = update.Values;
        var filter = new ClaimEventFilter(
            Pick(WebhookFields.EventTypes, values.Filter.Events, settings.Filter.Events),
            Pick(WebhookFields.Statuses, values.Filter.Statuses, settings.Filter.Statuses),
            Pick(WebhookFields.Tag, values.Filter.Tag, settings.Filter.Tag));
        var state = Pick(WebhookFields.State, update.State ?? current.State, current.State);
        return current with
        {
            Settings = new WebhookSettings(Pick(WebhookFields.TargetUrl, values.TargetUrl, settings.TargetUrl), filter, Pick(WebhookFields.Description, values.Description, settings.Description)),
            State = state,
            PauseReason = state == WebhookState.Active ? "" : current.PauseReason,
        };
    }
}
