using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using WebhookEvents = FactCheck.Domain.Webhooks.WebhookEvents;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>`factcheck webhooks redeliver`: send one event to a webhook again (RedeliverWebhookEvent).</summary>
public static class RedeliverCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var webhookArgument = new WebhookArgument();
        var eventId = new Argument<string>("event") { Description = "The event's id, as `webhooks deliveries` lists it (evt_12)" };
        var command = new Command("redeliver", "Send an event to a webhook again (the same event id), after the claim's deliveries queued before it");
        webhookArgument.AddTo(command);
        command.Arguments.Add(eventId);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var webhookName = webhookArgument.Name(context);
            var typed = context.Value(eventId).Trim();
            if (WebhookEvents.Sequence(typed) is null)
            {
                throw new UsageException($"'{typed}' is not an event id: give it as `webhooks deliveries` lists it ({WebhookEvents.IdPrefix}12)");
            }

            var request = new RedeliverWebhookEventRequest { Name = $"{webhookName}/deliveries/{typed}" };

            var delivery = await context.Services.Webhooks.RedeliverWebhookEventAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(delivery, $"queued {delivery.EventId} ({Display.EventOption(delivery.Type)} of {delivery.Claim}) for {webhookName} again: " +
                $"{Display.State(delivery.State)}, after the claim's deliveries queued before it");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
