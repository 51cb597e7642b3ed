using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Html;

namespace FactCheck.Web.Pages;

/// <summary>Times and dates as the pages show them: a &lt;time&gt; element with its machine-readable value, in UTC.</summary>
public static class Format
{
    /// <summary>"31 December 2026", in a &lt;time datetime="2026-12-31"&gt;.</summary>
    public static IHtmlContent Date(Timestamp time) => Element(time, "yyyy-MM-dd", "d MMMM yyyy");

    /// <summary>"1 March 2025, 12:00 UTC", in a &lt;time datetime="2025-03-01T12:00:00Z"&gt;.</summary>
    public static IHtmlContent Time(Timestamp time) => Element(time, "yyyy-MM-dd'T'HH:mm:ss'Z'", "d MMMM yyyy, HH:mm 'UTC'");

    /// <summary>A match score (0 to 1) as a percentage, "87%".</summary>
    public static string Score(float score) => score.ToString("0%", CultureInfo.InvariantCulture);

    private static HtmlString Element(Timestamp time, string machine, string human)
    {
        var utc = time.ToDateTimeOffset().UtcDateTime;
        var value = utc.ToString(machine, CultureInfo.InvariantCulture);
        var text = utc.ToString(human, CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{value}\">{System.Net.WebUtility.HtmlEncode(text)}</time>");
    }
}
