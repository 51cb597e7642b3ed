using Limits = FactCheck.Domain.Limits;
using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>`factcheck claims list`: one page of matching claims, or all of them with --all (ListClaims).</summary>
public static class ListCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var filters = new ClaimFilterOptions();
        var order = new Option<string?>("--order") { Description = "newest (default), oldest, or due-soonest (default with --overdue)" };
        order.AcceptOnlyFromAmong("newest", "oldest", "due-soonest");
        var pageSize = new Option<int>("--page-size") { Description = $"Claims per page, 1 to {Limits.MaxPageSize} [default: {Limits.DefaultPageSize}]", HelpName = "n" };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from the page this token (printed after a page) points to", HelpName = "token" };
        var all = new Option<bool>("--all") { Description = "Follow page tokens and list every matching claim" };
        var command = new Command("list", "List claims, with every filter and order the claims service has");
        filters.AddTo(command);
        command.AddOptions(order, pageSize, pageToken, all);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = filters.Request(context);
            request.Order = context.Value(order) switch
            {
                "oldest" => ClaimOrder.Oldest,
                "due-soonest" => ClaimOrder.DueSoonest,
                "newest" => ClaimOrder.Newest,
                _ => context.Value(filters.Overdue) ? ClaimOrder.DueSoonest : ClaimOrder.Unspecified,
            };
            request.PageSize = context.Value(pageSize);
            request.PageToken = context.Value(pageToken) ?? "";
            if (request.PageSize < 0 || request.PageSize > Limits.MaxPageSize)
            {
                throw new UsageException($"--page-size: must be 1 to {Limits.MaxPageSize} (got {request.PageSize})");
            }

            var (claims, next) = context.Value(all)
                ? (await context.Services.Claims.AllClaimsAsync(request, context.Cancel), "")
                : await OnePageAsync(context, request);

            context.Output.Show(
                () => new JsonObject { ["claims"] = JsonOutput.Array(claims), ["nextPageToken"] = next },
                console =>
                {
                    if (claims.Count == 0)
                    {
                        context.Output.Note("no claims match");
                    }
                    else
                    {
                        console.Write(ClaimViews.ClaimTable(claims));
                    }

                    if (next.Length > 0)
                    {
                        context.Output.Note($"more claims: repeat with --page-token {next} (or --all)");
                    }
                });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<(List<Claim> Claims, string NextPageToken)> OnePageAsync(CommandContext context, ListClaimsRequest request)
    {
        var page = await context.Services.Claims.ListClaimsAsync(request, cancellationToken: context.Cancel);
        return ([.. page.Claims], page.NextPageToken);
    }
}
