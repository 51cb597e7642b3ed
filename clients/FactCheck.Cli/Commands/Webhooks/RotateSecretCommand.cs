using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>
/// `factcheck webhooks rotate-secret`: a new signing secret (RotateWebhookSecret), printed once;
/// the old one keeps signing for the grace period so receivers can switch without losing a delivery.
/// </summary>
public static class RotateSecretCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var webhookArgument = new WebhookArgument();
        var grace = new Option<string?>("--grace")
        {
            Description = "How long the old secret keeps signing too: 0 to 7d (24h, 90m, 0 to stop at once) [default: 24h]",
            HelpName = "duration",
        };
        var command = new Command("rotate-secret", "Issue a new signing secret and print it once; the old one still signs (a second v1) until the grace period ends");
        webhookArgument.AddTo(command);
        command.AddOptions(grace);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new RotateWebhookSecretRequest { Name = webhookArgument.Name(context) };
            if (context.Value(grace) is { } text)
            {
                var period = Arguments.Period(text, "--grace");
                // The service's own limit, checked here too so a wrong --grace is a usage error before any call.
                if (period > FactCheck.Domain.Webhooks.WebhookLimits.MaxGracePeriod)
                {
                    throw new UsageException($"--grace: must be 0 to 7d (got {text})");
                }

                request.GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(period);
            }

            var rotated = await context.Services.Webhooks.RotateWebhookSecretAsync(request, cancellationToken: context.Cancel);

            var old = rotated.Webhook.PreviousSecretExpireTime is { } until
                ? $"The old secret still signs too (a second v1 in FactCheck-Signature) until {Display.Time(until)}."
                : "The old secret no longer signs.";
            context.Output.Show(rotated, _ =>
            {
                context.Output.Say($"rotated the secret of {rotated.Webhook.Name}");
                foreach (var line in WebhookViews.SecretLines(rotated.Secret, "New signing secret"))
                {
                    context.Output.Say(line);
                }

                context.Output.Say(old);
            });
            if (context.Output.Json)
            {
                context.Output.Note($"the secret is {WebhookViews.ShownOnce}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
