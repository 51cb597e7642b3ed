using FactCheck.Cli.Output;
using FactCheck.Cli.Tests.Support;
using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Testing;

namespace FactCheck.Cli.Tests.Rendering;

/// <summary>The human views drawn on Spectre's test console, and when colours and progress bars are used.</summary>
public sealed class RenderingTests
{
    private static Claim Claim(string id, ClaimStatus status, string text, DateTimeOffset? due = null) => new()
    {
        Name = $"claims/{id}",
        Status = status,
        Text = text,
        DueTime = due is null ? null : Timestamp.FromDateTimeOffset(due.Value),
    };

    [Fact]
    public void Claim_table_is_borderless_with_shortened_text_and_no_markup_parsing()
    {
        var console = new TestConsole().Width(120);

        console.Write(ClaimViews.ClaimTable(
        [
            Claim("agreement", ClaimStatus.Pending, "US and Iraqi diplomats have reached an agreement on withdrawing US troops from Iraq, pending go-aheads."),
            Claim("first", ClaimStatus.Overdue, "[bracketed] text is shown as typed", new DateTimeOffset(2025, 9, 30, 23, 59, 59, TimeSpan.Zero)),
        ]));

        Assert.Equal(
            [
                "ID         STATUS   DUE         TEXT",
                "agreement  PENDING              US and Iraqi diplomats have reached an agreement on withdrawing…",
                "first      OVERDUE  2025-09-30  [bracketed] text is shown as typed",
            ],
            console.Lines.Select(l => l.TrimEnd()));
    }

    [Theory]
    [InlineData("short enough", "short enough")]
    [InlineData("one two three four five six seven", "one two three four five…")]
    [InlineData("one two three four five, six seven", "one two three four five…")]
    [InlineData("one two three four fivesixseven", "one two three four…")]
    [InlineData("one two three four fivesi xyz", "one two three four fivesi…")]
    [InlineData("one two three fourfivesixseven", "one two three fourfivesix…")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxy…")]
    [InlineData("line one\nline two", "line one line two")]
    public void Table_text_is_cut_to_the_column_at_a_word_boundary_when_one_is_close(string text, string shown) =>
        Assert.Equal(shown, Display.Shorten(text, 26));

    [Fact]
    public void Statuses_are_coloured_on_a_colour_console_and_plain_without()
    {
        var colour = new TestConsole().Colors(ColorSystem.Standard).EmitAnsiSequences();
        colour.Write(ClaimViews.StatusText(ClaimStatus.Confirmed));
        Assert.Contains("\u001b[", colour.Output, StringComparison.Ordinal);
        Assert.Contains("CONFIRMED", colour.Output, StringComparison.Ordinal);

        var plain = new TestConsole().Colors(ColorSystem.NoColors);
        plain.Write(ClaimViews.StatusText(ClaimStatus.Confirmed));
        Assert.Equal("CONFIRMED", plain.Output);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "1", false)]
    [InlineData(false, null, false)]
    public void Colours_only_on_a_terminal_without_NO_COLOR(bool terminal, string? noColor, bool expected)
    {
        Assert.Equal(expected, ConsoleFactory.ColorsWanted(terminal, name => name == "NO_COLOR" ? noColor : null));
    }

    [Fact]
    public void Redirected_output_is_plain_wide_and_has_no_trailing_spaces()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var console = ConsoleFactory.Create(writer, isTerminal: false, _ => null);
        Assert.Equal(ConsoleFactory.PlainWidth, console.Profile.Width);
        Assert.Equal(ColorSystem.NoColors, console.Profile.Capabilities.ColorSystem);

        console.Write(ClaimViews.ClaimTable([Claim("a", ClaimStatus.Confirmed, "short"), Claim("longer-id", ClaimStatus.Unverified, "x")]));

        Assert.Equal("ID         STATUS      DUE  TEXT\na          CONFIRMED        short\nlonger-id  UNVERIFIED       x\n", writer.ToString());
        Assert.Equal(100, ConsoleFactory.Create(new StringWriter(), isTerminal: false, name => name == "COLUMNS" ? "100" : null).Profile.Width);
    }

    [Fact]
    public void Summary_shows_parties_confirmations_awaited_due_and_overdue()
    {
        var console = new TestConsole().Width(120);
        var summary = new VerificationSummary
        {
            Claim = "claims/agreement",
            RequiredParties = { "Washington", "Baghdad" },
            AwaitedParties = { "Baghdad" },
            Status = ClaimStatus.Pending,
            StatusDetail = "confirmed by Washington; awaiting Baghdad",
            ClaimStatus = ClaimStatus.Pending,
            DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 9, 30, 23, 59, 59, TimeSpan.Zero)),
            Overdue = true,
            LatestVerdicts =
            {
                new Verdict
                {
                    Party = "Washington", Decision = VerdictDecision.Confirm, Official = "State Department",
                    CreateTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), DeliveryState = DeliveryState.Applied,
                },
            },
        };

        ClaimViews.WriteSummary(console, summary);

        Assert.Equal(
            [
                "Claim:           claims/agreement",
                "Status:          PENDING (confirmed by Washington; awaiting Baghdad)",
                "Claims service:  PENDING",
                "Required:        Washington, Baghdad",
                "Confirmed by:    Washington",
                "Awaiting:        Baghdad",
                "Due:             2025-09-30 23:59:59Z",
                "Overdue:         yes",
                "",
                "PARTY       DECISION  OFFICIAL          RECORDED              DELIVERY",
                "Washington  CONFIRM   State Department  2026-01-02 03:04:05Z  APPLIED",
            ],
            console.Lines.Select(l => l.TrimEnd()));
    }

    [Fact]
    public void Watch_lines_say_sequence_time_change_and_reason()
    {
        var e = new ClaimEvent
        {
            Sequence = 12,
            Type = ClaimEventType.StatusChanged,
            Claim = new Claim { Name = "claims/agreement", Status = ClaimStatus.Confirmed },
            PreviousStatus = ClaimStatus.Pending,
            Actor = "verification-service",
            Reason = "Baghdad confirmed\nthe claim",
            Time = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        };

        Assert.Equal("#12 2026-01-02 03:04:05Z status claims/agreement PENDING -> CONFIRMED by verification-service: Baghdad confirmed the claim", ClaimViews.EventLine(e));
    }

    [Fact]
    public async Task Import_shows_a_progress_bar_on_a_terminal()
    {
        await using var services = new ServicePair(secured: false);
        var console = new TestConsole().Width(100).Interactive();
        var cli = new CliRunner(services) { Console = console, Terminal = true };

        var result = await cli.OkAsync("import", Repository.File("samples", "claims.json"));

        Assert.Contains("importing claims.json", console.Output, StringComparison.Ordinal);
        Assert.Contains("100%", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("created claims/agreement", console.Output, StringComparison.Ordinal);
        Assert.Contains(": 16 created, 0 unchanged, 0 failed", console.Output, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }
}
