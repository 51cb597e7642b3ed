using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using Spectre.Console;

namespace FactCheck.Cli.Commands.Admin;

/// <summary>`factcheck admin reconcile`: run the verification service's reconcile pass now and print its report (ReconcileClaims).</summary>
public static class ReconcileCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var command = new Command("reconcile",
            "After a restore: compare the claims the verification service has changed with the claims service, deliver again the statuses it lost, " +
            "and list claims it no longer has (verification service, admin role)");
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var report = await context.Services.Verification.ReconcileClaimsAsync(new ReconcileClaimsRequest(), cancellationToken: context.Cancel);

            context.Output.Show(report, console => Write(console, report));
            if (!report.Complete)
            {
                // The report shows what was found before the pass stopped; the exit code says it is not the whole picture.
                context.Output.Note($"error: the pass stopped early: {report.IncompleteReason}");
                return ExitCodes.Unreachable;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Write(IAnsiConsole console, ReconcileClaimsResponse report)
    {
        var grid = ClaimViews.Fields();
        ClaimViews.AddField(grid, "Pass", new Text($"{Display.Time(report.StartTime)} to {Display.Time(report.EndTime)}, "
            + (report.Complete ? "complete" : $"stopped early: {report.IncompleteReason}")));
        ClaimViews.AddField(grid, "Checked", new Text($"{report.ClaimsChecked} claim(s)"));
        ClaimViews.AddField(grid, "In step", new Text($"{report.ClaimsInStep} (the claims service has what was delivered, or a later change)"));
        ClaimViews.AddField(grid, "Delivered again", new Text(Display.List(report.RedeliveredClaims, "none")));
        if (report.AlreadyQueuedClaims.Count > 0)
        {
            ClaimViews.AddField(grid, "Already queued", new Text(Display.List(report.AlreadyQueuedClaims, "none")));
        }

        if (report.ClaimsUndecided > 0)
        {
            ClaimViews.AddField(grid, "Undecided", new Text($"{report.ClaimsUndecided} (the claims service sent no update time)"));
        }

        ClaimViews.AddField(grid, "Missing", new Text(report.MissingClaims.Count == 0 ? "none"
            : $"{report.MissingClaims.Count} claim(s) the claims service does not have; their verdicts are kept here"));
        console.Write(grid);
        if (report.MissingClaims.Count > 0)
        {
            console.WriteLine();
            var table = ClaimViews.Table("Missing claim", "Verdicts");
            foreach (var missing in report.MissingClaims)
            {
                table.AddRow(new Text(missing.Claim), new Text(missing.VerdictCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            console.Write(table);
        }
    }
}
