using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Errors;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>`factcheck webhooks remove`: delete a webhook and its pending deliveries (DeleteWebhook).</summary>
public static class RemoveWebhookCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var webhookArgument = new WebhookArgument();
        var etag = new Option<string?>("--etag") { Description = "Only remove it if it still has this etag (from `webhooks get -o json`)" };
        var command = new Command("remove", "Delete a webhook; its pending deliveries are dropped");
        webhookArgument.AddTo(command);
        command.AddOptions(etag);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new DeleteWebhookRequest { Name = webhookArgument.Name(context), Etag = context.Value(etag) ?? "" };

            await context.Services.Webhooks.DeleteWebhookAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(() => new JsonObject { ["removed"] = request.Name }, _ => context.Output.Say($"removed {request.Name} and its pending deliveries"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
