using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using Spectre.Console;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>`factcheck claims get`: a claim, its history and its verification summary, from both services.</summary>
public static class GetCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var claimArgument = new ClaimArgument();
        var command = new Command("get", "Show a claim: its sources, its status history and where it stands with its verifiers (both services)");
        claimArgument.AddTo(command);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var name = claimArgument.Name(context);
            var claim = await context.Services.Claims.GetClaimAsync(new GetClaimRequest { Name = name }, cancellationToken: context.Cancel);
            var history = await context.Services.Claims.HistoryAsync(name, context.Cancel);
            VerificationSummary? summary = null;
            string? verificationProblem = null;
            try
            {
                summary = await context.Services.Verification.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = name }, cancellationToken: context.Cancel);
            }
            catch (ServiceCallException e) when (!context.Cancel.IsCancellationRequested)
            {
                // The claim itself came from the claims service; one missing half is reported, not fatal.
                verificationProblem = ErrorReporter.Describe(e);
            }

            context.Output.Show(
                () => new JsonObject
                {
                    ["claim"] = JsonOutput.Node(claim),
                    ["history"] = JsonOutput.Array(history),
                    ["verification"] = summary is null ? null : JsonOutput.Node(summary),
                    ["verificationError"] = verificationProblem,
                },
                console =>
                {
                    ClaimViews.WriteClaim(console, claim);
                    console.Write(new Text("\n"));
                    ClaimViews.Heading(console, "History");
                    console.Write(ClaimViews.HistoryTable(history));
                    console.Write(new Text("\n"));
                    ClaimViews.Heading(console, "Verification");
                    if (summary is not null)
                    {
                        ClaimViews.WriteSummary(console, summary);
                    }
                    else
                    {
                        context.Output.Say($"unavailable: {verificationProblem}");
                    }
                });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
