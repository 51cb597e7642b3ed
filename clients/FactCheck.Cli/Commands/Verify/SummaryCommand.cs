using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Verify;

/// <summary>`factcheck verify summary`: where a claim stands with its verifiers (GetVerificationSummary).</summary>
public static class SummaryCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var claimArgument = new ClaimArgument();
        var command = new Command("summary", "Where a claim stands with its verifiers: required parties, who confirmed, who is awaited, due time, overdue or not");
        claimArgument.AddTo(command);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new GetVerificationSummaryRequest { Claim = claimArgument.Name(context) };

            var summary = await context.Services.Verification.GetVerificationSummaryAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(summary, console => ClaimViews.WriteSummary(console, summary));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
