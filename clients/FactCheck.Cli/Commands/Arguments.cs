using System.Globalization;
using FactCheck.Cli.Errors;
using FactCheck.Contracts.V1;
using ClaimName = FactCheck.Domain.ClaimName;
using WebhookName = FactCheck.Domain.Webhooks.WebhookName;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Cli.Commands;

/// <summary>Reading values people type: claim and webhook names, statuses, event kinds, times and durations. Anything malformed is a <see cref="UsageException"/>.</summary>
public static class Arguments
{
    public static readonly string[] StatusNames = ["unverified", "pending", "confirmed", "disputed", "refuted", "retracted", "overdue"];

    /// <summary>"claims/agreement" or just "agreement" → "claims/agreement".</summary>
    public static string Claim(string value) =>
        ClaimName.TryParseLenient(value.Trim(), out var name)
            ? name.Value.ToString()
            : throw new UsageException($"'{value}' is not a claim: give its id (agreement) or its name (claims/agreement); an id is {ClaimName.IdRule}");

    /// <summary>"pending", "PENDING" or "CLAIM_STATUS_PENDING"; several values may also be given comma-separated.</summary>
    public static List<ClaimStatus> Statuses(IEnumerable<string>? values, string option = "--status")
    {
        var result = new List<ClaimStatus>();
        foreach (var value in Split(values))
        {
            var name = value.ToLowerInvariant();
            if (name.StartsWith("claim_status_", StringComparison.Ordinal))
            {
                name = name["claim_status_".Length..];
            }

            var index = Array.IndexOf(StatusNames, name);
            if (index < 0)
            {
                throw new UsageException($"{option}: '{value}' is not a status ({string.Join(", ", StatusNames)})");
            }

            result.Add((ClaimStatus)(index + 1));
        }

        return result;
    }

    /// <summary>The kinds of claim event as options name them, in the order of <see cref="ClaimEventType"/> (an edit is UPDATED on the wire).</summary>
    public static readonly string[] EventTypeNames = ["created", "edited", "status_changed"];

    private static readonly string[] ProtoEventTypeNames = ["claim_event_type_created", "claim_event_type_updated", "claim_event_type_status_changed"];

    /// <summary>"wh-1a2b" or "webhooks/wh-1a2b" → "webhooks/wh-1a2b".</summary>
    public static string Webhook(string value)
    {
        var text = value.Trim();
        var prefix = WebhookName.Collection + "/";
        var id = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
        return WebhookName.IsValidId(id)
            ? WebhookName.Of(id)
            : throw new UsageException($"'{value}' is not a webhook: give its id (wh-1a2b3c) or its name (webhooks/wh-1a2b3c); an id is {WebhookIdRule}");
    }

    /// <summary>A webhook id for a new webhook (<paramref name="option"/> names where it was typed).</summary>
    public static string WebhookId(string value, string option) =>
        WebhookName.IsValidId(value.Trim())
            ? value.Trim()
            : throw new UsageException($"{option}: '{value}' is not a webhook id: {WebhookIdRule}");

    private static string WebhookIdRule => $"1 to {WebhookName.MaxIdLength} lower-case letters, digits or '-', not starting or ending with '-'";

    /// <summary>"created", "edited", "status_changed" (or the proto names, "CLAIM_EVENT_TYPE_UPDATED"); several values may also be given comma-separated.</summary>
    public static List<ClaimEventType> EventTypes(IEnumerable<string>? values, string option = "--events")
    {
        var result = new List<ClaimEventType>();
        foreach (var value in Split(values))
        {
            var name = value.ToLowerInvariant().Replace('-', '_');
            var index = Array.IndexOf(EventTypeNames, name) is >= 0 and var shortName ? shortName : Array.IndexOf(ProtoEventTypeNames, name);
            if (index < 0)
            {
                throw new UsageException($"{option}: '{value}' is not an event ({string.Join(", ", EventTypeNames)})");
            }

            result.Add((ClaimEventType)(index + 1));
        }

        return result;
    }

    /// <summary>Repeated and comma-separated values, trimmed, empty ones dropped.</summary>
    public static IEnumerable<string> Split(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// "now", "today" (00:00 UTC), a date ("2025-09-30", meaning 00:00 UTC) or a date and time
    /// ("2025-09-30T23:59:59Z"; without an offset, UTC).
    /// </summary>
    public static Timestamp Time(string value, string option, DateTimeOffset now)
    {
        var text = value.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return Timestamp.FromDateTimeOffset(now);
        }

        if (text.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            return Timestamp.FromDateTimeOffset(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Timestamp.FromDateTimeOffset(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return Timestamp.FromDateTimeOffset(time);
        }

        throw new UsageException($"{option}: '{value}' is not a time (use now, today, 2025-09-30 or 2025-09-30T23:59:59Z)");
    }

    /// <summary>"30s", "1500ms", "2m", or a number of seconds: more than 0, at most 24 hours.</summary>
    public static bool TryDuration(string value, out TimeSpan duration)
    {
        if (TrySpan(value, longUnits: false, out duration) && duration > TimeSpan.Zero && duration <= TimeSpan.FromHours(24))
        {
            return true;
        }

        duration = default;
        return false;
    }

    /// <summary>A length of time that may be long or nothing: "24h", "7d", "90m", "30s", "1500ms", a number of seconds, or 0.</summary>
    public static TimeSpan Period(string value, string option)
    {
        if (TrySpan(value, longUnits: true, out var period) && period >= TimeSpan.Zero)
        {
            return period;
        }

        throw new UsageException($"{option}: '{value}' is not a length of time (24h, 7d, 90m, 30s, or 0)");
    }

    /// <summary>A number with an optional unit (ms, s, m; with <paramref name="longUnits"/> also h and d).</summary>
    private static bool TrySpan(string value, bool longUnits, out TimeSpan span)
    {
        var text = value.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : longUnits && text.EndsWith('h') ? (text[..^1], 3600.0)
            : longUnits && text.EndsWith('d') ? (text[..^1], 86400.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount) && Math.Abs(amount * unit) < TimeSpan.MaxValue.TotalSeconds)
        {
            span = TimeSpan.FromSeconds(amount * unit);
            return true;
        }

        span = default;
        return false;
    }
}
