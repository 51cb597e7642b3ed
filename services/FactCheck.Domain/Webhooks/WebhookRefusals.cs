namespace FactCheck.Domain.Webhooks;

/// <summary>The refusals about webhooks, each worded once.</summary>
public static class WebhookRefusals
{
    public static RefusalException NotFound(string webhookId) =>
        new(RefusalKind.NotFound, "WEBHOOK_NOT_FOUND", $"webhook '{WebhookName.Of(webhookId)}' does not exist", Meta(webhookId));

    public static RefusalException AlreadyExists(string webhookId) =>
        new(RefusalKind.AlreadyExists, "WEBHOOK_ALREADY_EXISTS", $"webhook '{WebhookName.Of(webhookId)}' already exists", Meta(webhookId));

    public static RefusalException EtagMismatch(string webhookId, string expected, string actual) =>
        new(RefusalKind.Conflict, "ETAG_MISMATCH",
            $"webhook '{WebhookName.Of(webhookId)}' has changed: etag {expected} is stale (current {actual}); read it again and retry", Meta(webhookId));

    public static RefusalException DeliveryNotFound(string webhookId, long sequence) =>
        new(RefusalKind.NotFound, "WEBHOOK_DELIVERY_NOT_FOUND",
            $"webhook '{WebhookName.Of(webhookId)}' has no delivery of event '{WebhookEvents.Id(sequence)}'",
            new Dictionary<string, string> { ["webhook"] = WebhookName.Of(webhookId), ["event_id"] = WebhookEvents.Id(sequence) });

    public static RefusalException TooMany(string owner, int limit) =>
        new(RefusalKind.LimitReached, "WEBHOOK_LIMIT_REACHED",
            $"'{owner}' already has {limit} webhooks, as many as one caller may; delete one first",
            new Dictionary<string, string> { ["owner"] = owner, ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static Dictionary<string, string> Meta(string webhookId) => new() { ["webhook"] = WebhookName.Of(webhookId) };
}

/// <summary>Webhook resource names: "webhooks/{webhook_id}", and a delivery's "webhooks/{webhook_id}/deliveries/{event_id}".</summary>
public static class WebhookName
{
    public const string Collection = "webhooks";
    public const int MaxIdLength = 63;

    public static string Of(string webhookId) => $"{Collection}/{webhookId}";

    public static string OfDelivery(string webhookId, long sequence) => $"{Of(webhookId)}/deliveries/{WebhookEvents.Id(sequence)}";

    /// <summary>A new id: "wh-" and 16 hex digits.</summary>
    public static string NewId() => "wh-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>True for an id of 1 to 63 characters from a-z, 0-9 and '-', not starting or ending with '-'.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id[0] != '-' && id[^1] != '-' && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
