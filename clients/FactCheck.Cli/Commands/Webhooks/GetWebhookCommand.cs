using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>`factcheck webhooks get`: one webhook, without its secret (GetWebhook).</summary>
public static class GetWebhookCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var webhookArgument = new WebhookArgument();
        var command = new Command("get", "Show a webhook: its target, which changes it gets, its state (and why the service paused it), its owner");
        webhookArgument.AddTo(command);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new GetWebhookRequest { Name = webhookArgument.Name(context) };

            var webhook = await context.Services.Webhooks.GetWebhookAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(webhook, console => WebhookViews.WriteWebhook(console, webhook));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
