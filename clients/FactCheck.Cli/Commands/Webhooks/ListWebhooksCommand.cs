using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>`factcheck webhooks list`: every webhook, oldest first (ListWebhooks, all pages: a caller has only a few).</summary>
public static class ListWebhooksCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var command = new Command("list", "List the webhooks, oldest first: id, state, which changes, target");
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var webhooks = await Pages.AllAsync(
                new ListWebhooksRequest { PageSize = Pages.WholeListPageSize },
                (r, c) => context.Services.Webhooks.ListWebhooksAsync(r, cancellationToken: c).ResponseAsync,
                p => (p.Webhooks, p.NextPageToken), (r, token) => r.PageToken = token, context.Cancel);

            context.Output.Show(
                () => new JsonObject { ["webhooks"] = JsonOutput.Array(webhooks) },
                console =>
                {
                    if (webhooks.Count == 0)
                    {
                        context.Output.Note("no webhooks (add one with `factcheck webhooks add --url URL`)");
                    }
                    else
                    {
                        console.Write(WebhookViews.WebhookTable(webhooks));
                    }
                });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
