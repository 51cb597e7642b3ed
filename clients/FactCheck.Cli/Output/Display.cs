using System.Globalization;
using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Cli.Output;

/// <summary>How values read in tables and sentences: short status names, UTC times, claim ids without "claims/".</summary>
public static class Display
{
    public static string Status(ClaimStatus status) =>
        status == ClaimStatus.Unspecified ? "-" : status.ToString().ToUpperInvariant();

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

    /// <summary>"claims/agreement" → "agreement".</summary>
    public static string Id(string name) => name.StartsWith("claims/", StringComparison.Ordinal) ? name["claims/".Length..] : name;

    public static string Time(Timestamp? time) =>
        time is null ? "-" : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(Timestamp? time) =>
        time is null ? "" : time.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string List(IEnumerable<string> items, string none = "-")
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? none : text;
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters with an ellipsis, on one line.</summary>
    public static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        if (line.Length <= max)
        {
            return line;
        }

        // Cut at a word boundary when there is one reasonably close, so no word is left half.
        var cut = line.LastIndexOf(' ', max - 1);
        var kept = cut > max * 2 / 3 ? line[..cut] : line[..(max - 1)];
        return kept.TrimEnd(' ', ',', ';', ':') + "…";
    }
}
