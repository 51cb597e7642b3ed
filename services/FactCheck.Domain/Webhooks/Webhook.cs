namespace FactCheck.Domain.Webhooks;

/// <summary>The limits of webhooks the service and the console client both check.</summary>
public static class WebhookLimits
{
    /// <summary>How long a rotated-out secret keeps signing when the caller does not say.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromHours(24);

    /// <summary>The longest a rotated-out secret may keep signing.</summary>
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(7);

    /// <summary>A webhook's description, in characters.</summary>
    public const int MaxDescription = 500;
}

/// <summary>Whether a webhook's deliveries are made.</summary>
public enum WebhookState
{
    Active = 1,

    /// <summary>Matching changes are queued, not delivered, until it is resumed.</summary>
    Paused = 2,
}

/// <summary>What the owner of a webhook sets: where it posts, which changes, and what it is for.</summary>
public sealed record WebhookSettings(string TargetUrl, ClaimEventFilter Filter, string Description);

/// <summary>
/// A stored webhook. <see cref="Revision"/> grows by one on every change and backs the etag.
/// <see cref="PauseReason"/> is set when the service paused it. The secrets are not here: they
/// are kept apart, encrypted, and read only to sign.
/// </summary>
public sealed record Webhook(
    string Id,
    string Owner,
    WebhookSettings Settings,
    WebhookState State,
    string PauseReason,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    long Revision,
    DateTimeOffset? PreviousSecretExpireTime)
{
    public string Etag => $"\"{Revision}\"";
}

/// <summary>Where one event's delivery to one webhook stands.</summary>
public enum DeliveryState
{
    /// <summary>Waiting for its turn (an earlier event of the same claim) or its next attempt.</summary>
    Pending = 1,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 2,

    /// <summary>Every attempt failed until the retry period ended.</summary>
    Failed = 3,
}

/// <summary>One POST of a delivery: when, the receiver's HTTP status (0: no answer), what went wrong (empty on success), how long it took.</summary>
public sealed record DeliveryAttempt(DateTimeOffset Time, int HttpStatus, string Error, TimeSpan Duration);

/// <summary>One event on its way to one webhook.</summary>
public sealed record Delivery(
    string WebhookId,
    long Sequence,
    string ClaimId,
    ClaimEventType Type,
    DeliveryState State,
    int AttemptCount,
    DateTimeOffset? NextAttemptTime,
    DateTimeOffset CreateTime,
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    /// <summary>The event's id: the same on every retry and for every webhook it goes to.</summary>
    public string EventId => WebhookEvents.Id(Sequence);
}

/// <summary>How events are named for receivers.</summary>
public static class WebhookEvents
{
    public const string IdPrefix = "evt_";

    public static string Id(long sequence) => IdPrefix + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The sequence an event id names, or null when it names none.</summary>
    public static long? Sequence(string eventId) =>
        eventId.StartsWith(IdPrefix, StringComparison.Ordinal) &&
        long.TryParse(eventId.AsSpan(IdPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence) &&
        sequence > 0
            ? sequence
            : null;
}
