using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using DeliveryState = FactCheck.Contracts.V1.WebhookDelivery.Types.State;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>`factcheck webhooks deliveries`: a webhook's deliveries, newest first, each with its attempts (ListWebhookDeliveries).</summary>
public static class DeliveriesCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var webhookArgument = new WebhookArgument();
        var state = new Option<string?>("--state") { Description = "Only deliveries in this state: pending, delivered or failed", HelpName = "state" };
        string[] states = ["pending", "delivered", "failed"];
        state.CompletionSources.Add(states);
        state.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && !states.Contains(value))
            {
                result.AddError($"--state: '{value}' is not a delivery state ({string.Join(", ", states)})");
            }
        });
        var pageSize = new Option<int>("--page-size") { Description = "Deliveries per page, 1 to 100 [default: 50]", HelpName = "n" };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from the page this token (printed after a page) points to", HelpName = "token" };
        var all = new Option<bool>("--all") { Description = "Follow page tokens and list every delivery" };
        var command = new Command("deliveries", "List a webhook's deliveries, newest first: event, claim, state, attempts (time, HTTP status or error, duration), next attempt");
        webhookArgument.AddTo(command);
        command.AddOptions(state, pageSize, pageToken, all);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new ListWebhookDeliveriesRequest
            {
                Parent = webhookArgument.Name(context),
                State = context.Value(state) switch
                {
                    "pending" => DeliveryState.Pending,
                    "delivered" => DeliveryState.Delivered,
                    "failed" => DeliveryState.Failed,
                    _ => DeliveryState.Unspecified,
                },
                PageSize = context.Value(pageSize),
                PageToken = context.Value(pageToken) ?? "",
            };
            if (request.PageSize < 0)
            {
                throw new UsageException($"--page-size: must be 1 to 100 (got {request.PageSize})");
            }

            var (deliveries, next) = context.Value(all)
                ? (await Pages.AllAsync(request, (r, c) => context.Services.Webhooks.ListWebhookDeliveriesAsync(r, cancellationToken: c).ResponseAsync,
                    p => (p.Deliveries, p.NextPageToken), (r, token) => r.PageToken = token, context.Cancel), "")
                : await OnePageAsync(context, request);

            context.Output.Show(
                () => new JsonObject { ["deliveries"] = JsonOutput.Array(deliveries), ["nextPageToken"] = next },
                console =>
                {
                    if (deliveries.Count == 0)
                    {
                        context.Output.Note("no deliveries");
                    }
                    else
                    {
                        WebhookViews.WriteDeliveries(console, deliveries);
                    }

                    if (next.Length > 0)
                    {
                        context.Output.Note($"more deliveries: repeat with --page-token {next} (or --all)");
                    }
                });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<(List<WebhookDelivery> Deliveries, string NextPageToken)> OnePageAsync(CommandContext context, ListWebhookDeliveriesRequest request)
    {
        var page = await context.Services.Webhooks.ListWebhookDeliveriesAsync(request, cancellationToken: context.Cancel);
        return ([.. page.Deliveries], page.NextPageToken);
    }
}
