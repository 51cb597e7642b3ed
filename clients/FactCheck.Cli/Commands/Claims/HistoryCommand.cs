using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>`factcheck claims history`: every event of one claim, oldest first (ListClaimHistory, all pages).</summary>
public static class HistoryCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var claimArgument = new ClaimArgument();
        var command = new Command("history", "Show every change of a claim, oldest first: who, when, from which status to which, and why");
        claimArgument.AddTo(command);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var events = await context.Services.Claims.HistoryAsync(claimArgument.Name(context), context.Cancel);

            context.Output.Show(() => new JsonObject { ["events"] = JsonOutput.Array(events) }, console => console.Write(ClaimViews.HistoryTable(events)));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
