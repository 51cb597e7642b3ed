using System.Globalization;
using FactCheck.Cli.Errors;
using FactCheck.Contracts.V1;
using ClaimName = FactCheck.Domain.ClaimName;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Cli.Commands;

/// <summary>Reading values people type: claim names, statuses, times and durations. Anything malformed is a <see cref="UsageException"/>.</summary>
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

    /// <summary>"30s", "1500ms", "2m", or a number of seconds.</summary>
    public static bool TryDuration(string value, out TimeSpan duration)
    {
        var text = value.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0 && amount * unit <= 24 * 3600)
        {
            duration = TimeSpan.FromSeconds(amount * unit);
            return true;
        }

        duration = default;
        return false;
    }
}
