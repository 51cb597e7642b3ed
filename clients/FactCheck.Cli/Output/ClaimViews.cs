using FactCheck.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FactCheck.Cli.Output;

/// <summary>
/// The human-readable views. Tables are borderless with upper-case headers (like kubectl or gh),
/// so the same layout reads well on a terminal, in a pipe and in the docs; colour only marks statuses.
/// Values are rendered as <see cref="Text"/>, never parsed as markup, so brackets in claims are safe.
/// </summary>
public static class ClaimViews
{
    public const int TextColumnWidth = 64;

    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None);
        for (var i = 0; i < headers.Length; i++)
        {
            table.AddColumn(new TableColumn(new Text(headers[i], new Style(decoration: Decoration.Bold)))
            {
                Padding = new Padding(0, 0, i == headers.Length - 1 ? 0 : 2, 0),
            });
        }

        return table;
    }

    public static Style StatusStyle(ClaimStatus status) => status switch
    {
        ClaimStatus.Confirmed => new Style(Color.Green),
        ClaimStatus.Refuted => new Style(Color.Red),
        ClaimStatus.Disputed => new Style(Color.Yellow),
        ClaimStatus.Pending => new Style(Color.Blue),
        ClaimStatus.Overdue => new Style(Color.Red, decoration: Decoration.Bold),
        ClaimStatus.Retracted => new Style(Color.Grey),
        _ => Style.Plain,
    };

    public static Text StatusText(ClaimStatus status) => new(Display.Status(status), StatusStyle(status));

    public static IRenderable ClaimTable(IReadOnlyList<Claim> claims)
    {
        var table = Table("ID", "STATUS", "DUE", "TEXT");
        foreach (var claim in claims)
        {
            table.AddRow(
                new Text(Display.Id(claim.Name)),
                StatusText(claim.Status),
                new Text(Display.Date(claim.DueTime)),
                new Text(Display.Shorten(claim.Text, TextColumnWidth)));
        }

        return table;
    }

    /// <summary>MatchClaims' matches, best first as the service ranks them.</summary>
    public static IRenderable MatchTable(IEnumerable<ClaimMatch> matches)
    {
        var table = Table("SCORE", "ID", "STATUS", "TEXT");
        foreach (var match in matches)
        {
            table.AddRow(
                new Text(Display.Score(match.Score)),
                new Text(Display.Id(match.Claim.Name)),
                StatusText(match.Claim.Status),
                new Text(Display.Shorten(match.Claim.Text, TextColumnWidth)));
        }

        return table;
    }

    public static void WriteClaim(IAnsiConsole console, Claim claim)
    {
        var status = new Paragraph().Append(Display.Status(claim.Status), StatusStyle(claim.Status));
        if (claim.StatusDetail.Length > 0)
        {
            status.Append($" ({claim.StatusDetail})");
        }

        var grid = Fields();
        AddField(grid, "Claim", new Text(claim.Name));
        AddField(grid, "Status", status);
        AddField(grid, "Text", new Text(claim.Text));
        AddField(grid, "Speaker", new Text(Or(claim.Speaker)));
        AddField(grid, "Parties", new Text(Display.List(claim.RequiredParties)));
        AddField(grid, "Due", new Text(claim.DueTime is null ? "-" : Display.Time(claim.DueTime)));
        AddField(grid, "Parent", new Text(Or(claim.Parent)));
        AddField(grid, "Tags", new Text(Display.List(claim.Tags)));
        AddField(grid, "Language", new Text(Or(claim.Language)));
        AddField(grid, "Created", new Text(Display.Time(claim.CreateTime)));
        AddField(grid, "Updated", new Text(Display.Time(claim.UpdateTime)));
        console.Write(grid);

        console.WriteLine();
        Heading(console, "Sources");
        for (var i = 0; i < claim.Sources.Count; i++)
        {
            var source = claim.Sources[i];
            console.Write(new Text($"{i + 1}. {source.Url}\n"));
            var about = string.Join(", ", new[] { source.Publisher, source.Title, source.PublishedTime is null ? "" : Display.Date(source.PublishedTime) }
                .Where(s => s.Length > 0));
            if (about.Length > 0)
            {
                console.Write(new Text($"   {about}\n"));
            }

            if (source.Quote.Length > 0)
            {
                console.Write(new Text($"   \"{source.Quote}\"\n"));
            }
        }
    }

    public static IRenderable HistoryTable(IReadOnlyList<ClaimEvent> events)
    {
        var table = Table("SEQ", "TIME", "EVENT", "STATUS", "BY", "REASON");
        foreach (var e in events)
        {
            var status = e.Type == ClaimEventType.StatusChanged
                ? $"{Display.Status(e.PreviousStatus)} -> {Display.Status(e.Claim?.Status ?? ClaimStatus.Unspecified)}"
                : Display.Status(e.Claim?.Status ?? ClaimStatus.Unspecified);
            table.AddRow(
                new Text(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Display.Time(e.Time)),
                new Text(Display.EventType(e.Type)),
                new Text(status),
                new Text(Or(e.Actor)),
                new Text(Display.Shorten(e.Reason, TextColumnWidth)));
        }

        return table;
    }

    public static void WriteSummary(IAnsiConsole console, VerificationSummary summary)
    {
        var confirmed = summary.LatestVerdicts.Where(v => v.Decision == VerdictDecision.Confirm).Select(v => v.Party);
        var derived = new Paragraph().Append(Display.Status(summary.Status), StatusStyle(summary.Status));
        if (summary.StatusDetail.Length > 0)
        {
            derived.Append($" ({summary.StatusDetail})");
        }

        var grid = Fields();
        AddField(grid, "Claim", new Text(summary.Claim));
        AddField(grid, "Status", derived);
        AddField(grid, "Claims service", new Text(Display.Status(summary.ClaimStatus) + (summary.ClaimMissing ? " (the claims service has no such claim)" : "")));
        AddField(grid, "Required", new Text(Display.List(summary.RequiredParties, "none")));
        AddField(grid, "Confirmed by", new Text(Display.List(confirmed, "nobody yet")));
        AddField(grid, "Awaiting", new Text(Display.List(summary.AwaitedParties, "nobody")));
        AddField(grid, "Due", new Text(summary.DueTime is null ? "-" : Display.Time(summary.DueTime)));
        AddField(grid, "Overdue", new Text(summary.DueTime is null ? "no (no due time)" : summary.Overdue ? "yes" : "no"));
        if (summary.PendingDeliveries.Count > 0)
        {
            AddField(grid, "Queued", new Text($"{summary.PendingDeliveries.Count} status change(s) waiting for the claims service"
                + (summary.PendingDeliveries[^1].LastError.Length > 0 ? $" (last error: {summary.PendingDeliveries[^1].LastError})" : "")));
        }

        console.Write(grid);
        if (summary.LatestVerdicts.Count > 0)
        {
            console.WriteLine();
            console.Write(VerdictTable(summary.LatestVerdicts));
        }

        if (summary.RejectedVerdicts.Count > 0)
        {
            console.WriteLine();
            Heading(console, "Rejected verdicts");
            foreach (var v in summary.RejectedVerdicts)
            {
                console.Write(new Text($"{v.Party} {Display.Decision(v.Decision)}: {v.DeliveryReason}\n"));
            }
        }
    }

    public static IRenderable VerdictTable(IEnumerable<Verdict> verdicts)
    {
        var table = Table("PARTY", "DECISION", "OFFICIAL", "RECORDED", "DELIVERY");
        foreach (var v in verdicts)
        {
            table.AddRow(
                new Text(v.Party),
                new Text(Display.Decision(v.Decision)),
                new Text(Or(v.Official)),
                new Text(Display.Time(v.CreateTime)),
                new Text(Display.Delivery(v.DeliveryState)));
        }

        return table;
    }

    /// <summary>One line per watched event: "#12 2026-01-02 10:00:00Z status claims/agreement PENDING -> CONFIRMED by anonymous: reason".</summary>
    public static string EventLine(ClaimEvent e)
    {
        var status = e.Type == ClaimEventType.StatusChanged
            ? $"{Display.Status(e.PreviousStatus)} -> {Display.Status(e.Claim?.Status ?? ClaimStatus.Unspecified)}"
            : Display.Status(e.Claim?.Status ?? ClaimStatus.Unspecified);
        var line = $"#{e.Sequence} {Display.Time(e.Time)} {Display.EventType(e.Type)} {e.Claim?.Name} {status} by {Or(e.Actor)}";
        return e.Reason.Length > 0 ? $"{line}: {e.Reason.ReplaceLineEndings(" ")}" : line;
    }

    public static void Heading(IAnsiConsole console, string title) =>
        console.Write(new Text(title + "\n", new Style(decoration: Decoration.Bold)));

    /// <summary>A two-column grid of "Name:  value" rows, as a claim's view lays them out.</summary>
    public static Grid Fields()
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadLeft(0).PadRight(2));
        grid.AddColumn(new GridColumn().PadLeft(0).PadRight(0));
        return grid;
    }

    public static void AddField(Grid grid, string name, IRenderable value) => grid.AddRow(new Text(name + ":"), value);

    /// <summary>"-" for an empty value, so a column never looks shifted.</summary>
    public static string Or(string value) => value.Length == 0 ? "-" : value;
}
