using FactCheck.Claims.Application.Webhooks;
using FactCheck.Domain.Webhooks;
using FactCheck.GrpcEdge;
using FactCheck.ServiceDefaults;
using Google.Protobuf;
using Grpc.Core;
using WriteContext = FactCheck.Domain.WriteContext;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Grpc;

/// <summary>
/// factcheck.v1.WebhooksService, a thin edge like <see cref="ClaimsGrpcService"/>: each method reads
/// its request (every unreadable field at once), has a use case check and run it, and maps the
/// result. Managing webhooks needs the editor role.
/// </summary>
[Editor]
public sealed class WebhooksGrpcService(
    WebhookCreator creator, WebhookEditor editor, WebhookKeeper keeper, WebhookReader reader, LimitSettings limits)
    : Api.WebhooksService.WebhooksServiceBase
{
    private const int MaxPageSize = 100;

    public override async Task<Api.CreateWebhookResponse> CreateWebhook(Api.CreateWebhookRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Webhook is null)
        {
            throw Refusals.Invalid("webhook", "is required");
        }

        var settings = WebhookMapper.Settings(request.Webhook, "webhook", violations);
        var fingerprint = Fingerprints.Of(request, r => r.RequestId = "");
        var webhook = creator.Check(new NewWebhook(RequestReader.NullIfEmpty(request.WebhookId), settings, new WriteContext(context.Actor(), request.RequestId, fingerprint)));
        violations.AddRange(WebhookMapper.OnWire(webhook.Violations, "webhook"));
        Refusals.ThrowIfAny(violations);

        var created = await creator.CreateAsync(webhook, context.CancellationToken);
        return new Api.CreateWebhookResponse { Webhook = WebhookMapper.ToProto(created.Webhook), Secret = created.Secret };
    }

    public override async Task<Api.Webhook> GetWebhook(Api.GetWebhookRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = WebhookMapper.WebhookId(request.Name, "name", violations);
        Refusals.ThrowIfAny(violations);
        return WebhookMapper.ToProto(await reader.GetAsync(id!, context.CancellationToken));
    }

    public override async Task<Api.ListWebhooksResponse> ListWebhooks(Api.ListWebhooksRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var pageSize = PageSize(request.PageSize, violations);
        var fingerprint = Fingerprints.Of(request, r => { r.PageSize = 0; r.PageToken = ""; });
        var position = RequestReader.PagePosition(request.PageToken, fingerprint, 1, violations);
        Refusals.ThrowIfAny(violations);

        var rows = await reader.ListAsync(position?[0] ?? 0, pageSize + 1, context.CancellationToken);
        var (page, next) = PageTokens.Split(rows, pageSize, fingerprint, r => r.Pk);
        var response = new Api.ListWebhooksResponse { NextPageToken = next };
        response.Webhooks.AddRange(page.Select(r => WebhookMapper.ToProto(r.Webhook)));
        return response;
    }

    public override async Task<Api.Webhook> UpdateWebhook(Api.UpdateWebhookRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Webhook is null)
        {
            throw Refusals.Invalid("webhook", "is required, with its name and the new values");
        }

        var id = WebhookMapper.WebhookId(request.Webhook.Name, "webhook.name", violations);
        var fields = UpdateMask(request.UpdateMask?.Paths ?? [], violations);
        var values = WebhookMapper.Settings(request.Webhook, "webhook", violations);
        var etag = RequestReader.NullIfEmpty(request.Etag) ?? RequestReader.NullIfEmpty(request.Webhook.Etag);
        var update = editor.Check(new WebhookUpdate(id ?? "", etag, fields, values, WebhookMapper.State(request.Webhook.State)));
        violations.AddRange(WebhookMapper.OnWire(update.Violations, "webhook"));
        Refusals.ThrowIfAny(violations);

        return WebhookMapper.ToProto(await editor.UpdateAsync(update, context.CancellationToken));
    }

    public override async Task<Google.Protobuf.WellKnownTypes.Empty> DeleteWebhook(Api.DeleteWebhookRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = WebhookMapper.WebhookId(request.Name, "name", violations);
        Refusals.ThrowIfAny(violations);
        await keeper.DeleteAsync(id!, RequestReader.NullIfEmpty(request.Etag), context.CancellationToken);
        return new Google.Protobuf.WellKnownTypes.Empty();
    }

    public override async Task<Api.RotateWebhookSecretResponse> RotateWebhookSecret(Api.RotateWebhookSecretRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = WebhookMapper.WebhookId(request.Name, "name", violations);
        var grace = request.GracePeriod is null ? WebhookLimits.DefaultGracePeriod : request.GracePeriod.ToTimeSpan();
        var rotation = keeper.Check(new SecretRotation(id ?? "", grace));
        violations.AddRange(WebhookMapper.OnWire(rotation.Violations));
        Refusals.ThrowIfAny(violations);

        var rotated = await keeper.RotateSecretAsync(rotation, context.CancellationToken);
        return new Api.RotateWebhookSecretResponse { Webhook = WebhookMapper.ToProto(rotated.Webhook), Secret = rotated.Secret };
    }

    public override async Task<Api.ListWebhookDeliveriesResponse> ListWebhookDeliveries(Api.ListWebhookDeliveriesRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = WebhookMapper.WebhookId(request.Parent, "parent", violations);
        var pageSize = PageSize(request.PageSize, violations);
        DeliveryState? state = request.State switch
        {
            Api.WebhookDelivery.Types.State.Unspecified => null,
            Api.WebhookDelivery.Types.State.Pending or Api.WebhookDelivery.Types.State.Delivered or Api.WebhookDelivery.Types.State.Failed => (DeliveryState)(int)request.State,
            _ => RequestReader.Refuse<DeliveryState?>(violations, new("state", $"unknown state value {(int)request.State}")),
        };
        var fingerprint = Fingerprints.Of(request, r => { r.PageSize = 0; r.PageToken = ""; });
        var position = RequestReader.PagePosition(request.PageToken, fingerprint, 1, violations);
        Refusals.ThrowIfAny(violations);

        var page = await reader.DeliveriesAsync(id!, state, position?[0], pageSize, context.CancellationToken);
        var response = new Api.ListWebhookDeliveriesResponse
        {
            NextPageToken = page.NextBefore is { } before ? PageTokens.Encode(fingerprint, before) : "",
        };
        response.Deliveries.AddRange(page.Deliveries.Select(WebhookMapper.ToProto));
        return response;
    }

    public override async Task<Api.WebhookDelivery> RedeliverWebhookEvent(Api.RedeliverWebhookEventRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var delivery = WebhookMapper.DeliveryName(request.Name, "name", violations);
        Refusals.ThrowIfAny(violations);
        return WebhookMapper.ToProto(await keeper.RedeliverAsync(delivery!.Value.WebhookId, delivery.Value.Sequence, context.CancellationToken));
    }

    private int PageSize(int requested, List<FieldViolation> violations) =>
        Math.Min(RequestReader.PageSize(requested, limits, violations), MaxPageSize);

    private static HashSet<string> UpdateMask(IEnumerable<string> paths, List<FieldViolation> violations)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path == "*")
            {
                fields.UnionWith(WebhookFields.Updatable);
            }
            else if (WebhookMapper.UpdatableByProtoName.TryGetValue(path, out var field))
            {
                fields.Add(field);
            }
            else
            {
                violations.Add(new("update_mask", $"'{Phrasing.Shorten(path)}' cannot be changed; the fields that can: {string.Join(", ", WebhookMapper.UpdatableByProtoName.Keys.Order())}"));
            }
        }

        return fields;
    }

}
