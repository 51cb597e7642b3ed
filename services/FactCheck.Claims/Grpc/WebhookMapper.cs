using FactCheck.Claims.Application.Webhooks;
using FactCheck.Domain.Webhooks;
using Google.Protobuf.WellKnownTypes;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Grpc;

/// <summary>Webhooks between their proto messages and the domain's records; field keys as the proto names them.</summary>
public static class WebhookMapper
{
    private static readonly Dictionary<string, string> ProtoNames = new(StringComparer.Ordinal)
    {
        [WebhookFields.TargetUrl] = "target_url",
        [WebhookFields.EventTypes] = "event_types",
        [WebhookFields.Statuses] = "statuses",
        [WebhookFields.Tag] = "tag",
        [WebhookFields.Description] = "description",
        [WebhookFields.State] = "state",
        [WebhookCreator.WebhookIdField] = "webhook_id",
        [WebhookEditor.UpdateMaskField] = "update_mask",
        [WebhookKeeper.GracePeriodField] = "grace_period",
        [ClaimFields.RequestId] = "request_id",
    };

    /// <summary>The fields UpdateWebhook may change, by their proto names (update_mask paths).</summary>
    public static readonly IReadOnlyDictionary<string, string> UpdatableByProtoName =
        WebhookFields.Updatable.ToDictionary(field => ProtoNames[field], StringComparer.Ordinal);

    /// <summary>Violations with their fields as proto paths; fields of the webhook itself under <paramref name="message"/> ("webhook").</summary>
    public static IEnumerable<FieldViolation> OnWire(IEnumerable<FieldViolation> violations, string? message = null) =>
        violations.Select(v =>
        {
            var name = ProtoNames.GetValueOrDefault(v.Field, v.Field);
            var inWebhook = message is not null && v.Field is not (WebhookCreator.WebhookIdField or WebhookEditor.UpdateMaskField or ClaimFields.RequestId);
            return v with { Field = inWebhook ? $"{message}.{name}" : name };
        });

    /// <summary>Reads "webhooks/{webhook_id}"; adds a violation for <paramref name="field"/> when it is not one.</summary>
    public static string? WebhookId(string name, string field, List<FieldViolation> violations)
    {
        var prefix = WebhookName.Collection + "/";
        var id = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : null;
        if (id is null || !WebhookName.IsValidId(id))
        {
            violations.Add(new(field, string.IsNullOrEmpty(name) ? "is required, as 'webhooks/{webhook_id}'" : $"must be a webhook name 'webhooks/{{webhook_id}}' (got '{Phrasing.Shorten(name)}')"));
            return null;
        }

        return id;
    }

    /// <summary>Reads "webhooks/{webhook_id}/deliveries/{event_id}".</summary>
    public static (string WebhookId, long Sequence)? DeliveryName(string name, string field, List<FieldViolation> violations)
    {
        var parts = name.Split('/');
        if (parts is [WebhookName.Collection, var id, "deliveries", var eventId] && WebhookName.IsValidId(id) && WebhookEvents.Sequence(eventId) is { } sequence)
        {
            return (id, sequence);
        }

        violations.Add(new(field, $"must be a delivery name 'webhooks/{{webhook_id}}/deliveries/evt_{{sequence}}' (got '{Phrasing.Shorten(name)}')"));
        return null;
    }

    public static WebhookSettings Settings(Api.Webhook webhook, string path, List<FieldViolation> violations)
    {
        var events = new HashSet<ClaimEventType>();
        for (var i = 0; i < webhook.EventTypes.Count; i++)
        {
            var type = webhook.EventTypes[i];
            if (type is Api.ClaimEventType.Unspecified || !System.Enum.IsDefined(type))
            {
                violations.Add(new($"{path}.event_types[{i}]", $"unknown event type value {(int)type}"));
            }
            else
            {
                events.Add((ClaimEventType)(int)type);
            }
        }

        var statuses = webhook.Statuses.Select((s, i) => ClaimMapper.Status(s, $"{path}.statuses[{i}]", violations)).OfType<ClaimStatus>().ToHashSet();
        return new WebhookSettings(webhook.TargetUrl.Trim(), new ClaimEventFilter(events, statuses, webhook.Tag.Length == 0 ? null : webhook.Tag), webhook.Description);
    }

    public static WebhookState? State(Api.Webhook.Types.State state) => state switch
    {
        Api.Webhook.Types.State.Active => WebhookState.Active,
        Api.Webhook.Types.State.Paused => WebhookState.Paused,
        _ => null,
    };

    public static Api.Webhook ToProto(Webhook webhook)
    {
        var proto = new Api.Webhook
        {
            Name = WebhookName.Of(webhook.Id),
            TargetUrl = webhook.Settings.TargetUrl,
            Tag = webhook.Settings.Filter.Tag ?? "",
            Description = webhook.Settings.Description,
            State = webhook.State == WebhookState.Paused ? Api.Webhook.Types.State.Paused : Api.Webhook.Types.State.Active,
            PauseReason = webhook.PauseReason,
            Owner = webhook.Owner,
            CreateTime = Timestamp.FromDateTimeOffset(webhook.CreateTime),
            UpdateTime = Timestamp.FromDateTimeOffset(webhook.UpdateTime),
            Etag = webhook.Etag,
            PreviousSecretExpireTime = webhook.PreviousSecretExpireTime is { } until ? Timestamp.FromDateTimeOffset(until) : null,
        };
        proto.EventTypes.AddRange(webhook.Settings.Filter.Events.Order().Select(e => (Api.ClaimEventType)(int)e));
        proto.Statuses.AddRange(webhook.Settings.Filter.Statuses.Order().Select(s => (Api.ClaimStatus)(int)s));
        return proto;
    }

    public static Api.WebhookDelivery ToProto(Delivery delivery)
    {
        var proto = new Api.WebhookDelivery
        {
            Name = WebhookName.OfDelivery(delivery.WebhookId, delivery.Sequence),
            EventId = delivery.EventId,
            Claim = ClaimName.Of(delivery.ClaimId),
            Sequence = delivery.Sequence,
            Type = (Api.ClaimEventType)(int)delivery.Type,
            State = (Api.WebhookDelivery.Types.State)(int)delivery.State,
            AttemptCount = delivery.AttemptCount,
            NextAttemptTime = delivery.NextAttemptTime is { } next ? Timestamp.FromDateTimeOffset(next) : null,
            CreateTime = Timestamp.FromDateTimeOffset(delivery.CreateTime),
        };
        proto.Attempts.AddRange(delivery.Attempts.Select(a => new Api.WebhookAttempt
        {
            Time = Timestamp.FromDateTimeOffset(a.Time),
            HttpStatus = a.HttpStatus,
            Error = a.Error,
            Duration = Duration.FromTimeSpan(a.Duration),
        }));
        return proto;
    }
}
