using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>
/// `factcheck webhooks add`: a new webhook (CreateWebhook). Its signing secret is in the response
/// and nowhere else afterwards, so the command prints it with the instruction to store it now.
/// </summary>
public static class AddWebhookCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var url = new Option<string>("--url") { Description = "Where the events are POSTed: an https URL (http only where the service allows it)", Required = true, HelpName = "url" };
        var events = new Option<string[]>("--events")
        {
            Description = "Only these kinds of change (repeat or comma-separate): " + string.Join(", ", Arguments.EventTypeNames) + " [default: all]",
            HelpName = "events",
        };
        events.CompletionSources.Add(Arguments.EventTypeNames);
        var status = new Option<string[]>("--status", "-s")
        {
            Description = "Only changes after which the claim is in one of these statuses (repeat or comma-separate): " + string.Join(", ", Arguments.StatusNames) + " [default: any]",
            HelpName = "status",
        };
        status.CompletionSources.Add(Arguments.StatusNames);
        var tag = new Option<string?>("--tag") { Description = "Only changes of claims carrying this tag [default: any]" };
        var description = new Option<string?>("--description") { Description = "What the webhook is for, for people", HelpName = "text" };
        var id = new Option<string?>("--id") { Description = "Id of the new webhook (lower-case letters, digits, '-'); generated (wh-...) when left out" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key: repeating the command with it creates nothing twice (and shows the same secret)" };
        var command = new Command("add", "Register a webhook: the claims service POSTs the claim changes it asks for, signed; prints its signing secret once");
        command.AddOptions(url, events, status, tag, description, id, requestId);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var webhook = new Webhook
            {
                TargetUrl = TargetUrl(context.Value(url)),
                Tag = context.Value(tag) ?? "",
                Description = context.Value(description) ?? "",
            };
            webhook.EventTypes.AddRange(Arguments.EventTypes(context.Value(events)));
            webhook.Statuses.AddRange(Arguments.Statuses(context.Value(status)));
            var webhookId = context.Value(id) is { } given ? Arguments.WebhookId(given, "--id") : "";
            var request = new CreateWebhookRequest { Webhook = webhook, WebhookId = webhookId, RequestId = context.Value(requestId) ?? "" };

            var created = await context.Services.Webhooks.CreateWebhookAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(created, console =>
            {
                context.Output.Say($"created {created.Webhook.Name}");
                context.Output.Say("");
                WebhookViews.WriteWebhook(console, created.Webhook);
                foreach (var line in WebhookViews.SecretLines(created.Secret, "Signing secret"))
                {
                    context.Output.Say(line);
                }
            });
            if (context.Output.Json)
            {
                context.Output.Note($"the secret is {WebhookViews.ShownOnce}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>--url as an absolute http or https URL; whether http or a private address is allowed is the service's to say.</summary>
    private static string TargetUrl(string value)
    {
        var text = value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new UsageException($"--url: '{value}' is not an https:// URL");
        }

        return text;
    }
}
