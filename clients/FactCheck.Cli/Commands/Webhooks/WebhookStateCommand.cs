using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>
/// `factcheck webhooks pause|resume`: a webhook's state (UpdateWebhook, update mask "state"). The
/// two differ only in the state they set and their wording, so one command shape serves them.
/// </summary>
public static class WebhookStateCommand
{
    public static IEnumerable<Command> BuildAll(CliHost host, GlobalOptions options) =>
    [
        Build(host, options, "pause", Webhook.Types.State.Paused, "Stop delivering to a webhook: matching changes are queued until it is resumed"),
        Build(host, options, "resume", Webhook.Types.State.Active, "Deliver to a paused webhook again, from where it stopped (also one the service paused; its failed deliveries stay failed until redelivered)"),
    ];

    private static Command Build(CliHost host, GlobalOptions options, string name, Webhook.Types.State state, string description)
    {
        var webhookArgument = new WebhookArgument();
        var command = new Command(name, description);
        webhookArgument.AddTo(command);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var webhookName = webhookArgument.Name(context);

            // Read first only to say why the service had paused it; the update itself does not depend on it.
            var before = await context.Services.Webhooks.GetWebhookAsync(new GetWebhookRequest { Name = webhookName }, cancellationToken: context.Cancel);
            var request = new UpdateWebhookRequest
            {
                Webhook = new Webhook { Name = webhookName, State = state },
                UpdateMask = new FieldMask { Paths = { "state" } },
            };
            var updated = await context.Services.Webhooks.UpdateWebhookAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(updated, console =>
            {
                context.Output.Say(Outcome(before, updated));
                context.Output.Say("");
                WebhookViews.WriteWebhook(console, updated);
            });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Outcome(Webhook before, Webhook after)
    {
        var id = WebhookViews.Id(after.Name);
        if (after.State == Webhook.Types.State.Paused)
        {
            return before.State == Webhook.Types.State.Paused
                ? $"{after.Name} was paused already{(after.PauseReason.Length > 0 ? $" ({after.PauseReason})" : "")}; resume it with `factcheck webhooks resume {id}`"
                : $"paused {after.Name}: matching changes are queued until `factcheck webhooks resume {id}`";
        }

        return before.State != Webhook.Types.State.Paused ? $"{after.Name} is active already"
            // A failed delivery stays failed on resume (later changes of its claim do go out): the way to send it again is redeliver.
            : before.PauseReason.Length > 0 ? $"resumed {after.Name} ({before.PauseReason}); deliveries that failed stay failed: `factcheck webhooks redeliver {id} EVENT` sends one again"
            : $"resumed {after.Name}: queued changes are delivered from where it stopped";
    }
}
