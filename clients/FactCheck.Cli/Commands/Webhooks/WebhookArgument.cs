using System.CommandLine;

namespace FactCheck.Cli.Commands.Webhooks;

/// <summary>The webhook a command is about, typed as people type it: its id (wh-1a2b3c) or its name (webhooks/wh-1a2b3c).</summary>
public sealed class WebhookArgument
{
    private readonly Argument<string> _argument = new("webhook") { Description = "The webhook: its id (wh-1a2b3c) or name (webhooks/wh-1a2b3c)" };

    public void AddTo(Command command) => command.Arguments.Add(_argument);

    /// <summary>The webhook's resource name, "webhooks/{id}"; a usage error when what was typed is not a webhook.</summary>
    public string Name(CommandContext context) => Arguments.Webhook(context.Value(_argument));
}
