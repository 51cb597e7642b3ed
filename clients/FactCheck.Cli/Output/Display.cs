using System.Globalization;
using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Phrasing = FactCheck.Domain.Phrasing;

namespace FactCheck.Cli.Output;

/// <summary>How values read in tables and sentences: short status names, UTC times, claim ids without "claims/".</summary>
public static class Display
{
    public static string Status(ClaimStatus status) => FactCheck.Client.StatusNames.Of(status);

    public static string Decision(VerdictDecision decision) =>
        decision == VerdictDecision.Unspecified ? "-" : decision.ToString().ToUpperInvariant();

    public static string Delivery(DeliveryState state) =>
        state == DeliveryState.Unspecified ? "-" : state.ToString().ToUpperInvariant();

    public static string EventType(ClaimEventType type) => type switch
    {
        ClaimEventType.Created => "created",
        ClaimEventType.Updated => "edited",
        ClaimEventType.StatusChanged => "status",
        _ => "-",
    };

    /// <summary>An event kind as the webhook options name it: created, edited, status_changed.</summary>
    public static string EventOption(ClaimEventType type) =>
        type is >= ClaimEventType.Created and <= ClaimEventType.StatusChanged ? Commands.Arguments.EventTypeNames[(int)type - 1] : "-";

    public static string State(Webhook.Types.State state) =>
        state == Webhook.Types.State.Unspecified ? "-" : state.ToString().ToUpperInvariant();

    public static string State(WebhookDelivery.Types.State state) =>
        state == WebhookDelivery.Types.State.Unspecified ? "-" : state.ToString().ToUpperInvariant();

    /// <summary>"850 ms" below a second, "2.4 s" from one on.</summary>
    public static string Duration(Duration? duration)
    {
        if (duration is null)
        {
            return "-";
        }

        var span = duration.ToTimeSpan();
        return span < TimeSpan.FromSeconds(1)
            ? $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
            : $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
    }

    /// <summary>"claims/agreement" → "agreement".</summary>
    public static string Id(string name) => FactCheck.Client.ClaimIds.Of(name);

    public static string Time(Timestamp? time) =>
        time is null ? "-" : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(Timestamp? time) =>
        time is null ? "" : time.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string List(IEnumerable<string> items, string none = "-")
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? none : text;
    }

    /// <summary>A match score (0 to 1) as tables and messages show it: two decimals, "0.91".</summary>
    public static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>What a shortened table cell ends with.</summary>
    public const string Ellipsis = "…";

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters with an ellipsis, on one line.</summary>
    public static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        if (line.Length <= max)
        {
            return line;
        }

        var kept = Phrasing.Shorten(line, max, Ellipsis)[..^Ellipsis.Length];

        // A table reads better without half words: end at the last word boundary when one is
        // reasonably close (the cut itself may fall on one), and without dangling punctuation.
        var wordEnd = line[kept.Length] == ' ' ? kept.Length : kept.LastIndexOf(' ');
        if (wordEnd > max * 2 / 3)
        {
            kept = kept[..wordEnd];
        }

        return kept.TrimEnd(' ', ',', ';', ':') + Ellipsis;
    }
}
