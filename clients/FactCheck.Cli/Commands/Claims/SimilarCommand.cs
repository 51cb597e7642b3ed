using Limits = FactCheck.Domain.Limits;
using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>`factcheck claims similar TEXT`: the tracked claims that say what TEXT says, best first (MatchClaims).</summary>
public static class SimilarCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var text = new Argument<string>("text") { Description = "The statement to look for: a claim's text, a quote, a headline or a post" };
        var filters = new ClaimFilterOptions();
        var language = new Option<string?>("--language") { Description = "Only claims in this language (BCP-47, e.g. en)", HelpName = "tag" };
        var pageSize = new Option<int>("--page-size") { Description = $"Matches to show, 1 to {Limits.MaxMatches} [default: {Limits.DefaultMatches}]", HelpName = "n" };
        var command = new Command("similar", "Find the tracked claims that say what a text says, best first, each with a score from 0 to 1");
        command.Arguments.Add(text);
        command.AddOptions(filters.Status, filters.Tag, language, pageSize);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new MatchClaimsRequest
            {
                Text = context.Value(text),
                PageSize = context.Value(pageSize),
                Tag = context.Value(filters.Tag) ?? "",
                Language = context.Value(language) ?? "",
            };
            request.Statuses.AddRange(Arguments.Statuses(context.Value(filters.Status)));
            if (request.PageSize < 0 || request.PageSize > Limits.MaxMatches)
            {
                throw new UsageException($"--page-size: must be 1 to {Limits.MaxMatches} (got {request.PageSize})");
            }

            var response = await context.Services.Claims.MatchClaimsAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(response, console =>
            {
                if (response.Matches.Count == 0)
                {
                    context.Output.Note("no claims match");
                }
                else
                {
                    console.Write(ClaimViews.MatchTable(response.Matches));
                }
            });
            if (response.UnindexedClaims > 0)
            {
                context.Output.Note(DuplicateCheck.UnindexedNote(response.UnindexedClaims));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
