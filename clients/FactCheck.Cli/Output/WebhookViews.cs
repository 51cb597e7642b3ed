using FactCheck.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;
using WebhookName = FactCheck.Domain.Webhooks.WebhookName;

namespace FactCheck.Cli.Output;

/// <summary>The human-readable views of webhooks and their deliveries, laid out as <see cref="ClaimViews"/> lays out claims.</summary>
public static class WebhookViews
{
    /// <summary>"webhooks/wh-1a2b" → "wh-1a2b".</summary>
    public static string Id(string name) => name.StartsWith(WebhookName.Collection + "/", StringComparison.Ordinal)
        ? name[(WebhookName.Collection.Length + 1)..]
        : name;

    public static string Events(Webhook webhook) => Display.List(webhook.EventTypes.Select(Display.EventOption), "all");

    public static string Statuses(Webhook webhook) => Display.List(webhook.Statuses.Select(Display.Status), "any");

    /// <summary>The state, with the service's reason when it paused the webhook itself.</summary>
    public static string State(Webhook webhook) =>
        webhook.PauseReason.Length > 0 ? $"{Display.State(webhook.State)} ({webhook.PauseReason})" : Display.State(webhook.State);

    public static void WriteWebhook(IAnsiConsole console, Webhook webhook)
    {
        var grid = ClaimViews.Fields();
        ClaimViews.AddField(grid, "Webhook", new Text(webhook.Name));
        ClaimViews.AddField(grid, "Target", new Text(webhook.TargetUrl));
        ClaimViews.AddField(grid, "Events", new Text(Events(webhook)));
        ClaimViews.AddField(grid, "Statuses", new Text(Statuses(webhook)));
        ClaimViews.AddField(grid, "Tag", new Text(webhook.Tag.Length == 0 ? "any" : webhook.Tag));
        ClaimViews.AddField(grid, "Description", new Text(ClaimViews.Or(webhook.Description)));
        ClaimViews.AddField(grid, "State", new Text(State(webhook)));
        ClaimViews.AddField(grid, "Owner", new Text(ClaimViews.Or(webhook.Owner)));
        ClaimViews.AddField(grid, "Created", new Text(Display.Time(webhook.CreateTime)));
        ClaimViews.AddField(grid, "Updated", new Text(Display.Time(webhook.UpdateTime)));
        if (webhook.PreviousSecretExpireTime is not null)
        {
            ClaimViews.AddField(grid, "Old secret", new Text($"still signs until {Display.Time(webhook.PreviousSecretExpireTime)}"));
        }

        console.Write(grid);
    }

    /// <summary>Said with every secret, since the service keeps it only to sign and no call returns it again.</summary>
    public const string ShownOnce = "shown only this once: store it now, it is never shown again";

    /// <summary>A secret set apart on its own line, so it is easy to copy, and <see cref="ShownOnce"/>: sentences, never wrapped.</summary>
    public static IEnumerable<string> SecretLines(string secret, string title) =>
        ["", $"{title} ({ShownOnce}):", "", $"  {secret}", "", "Receivers check each delivery's FactCheck-Signature header with it."];

    public static IRenderable WebhookTable(IEnumerable<Webhook> webhooks)
    {
        var table = ClaimViews.Table("ID", "STATE", "EVENTS", "STATUSES", "TAG", "TARGET");
        foreach (var webhook in webhooks)
        {
            table.AddRow(
                new Text(Id(webhook.Name)),
                new Text(Display.State(webhook.State) + (webhook.PauseReason.Length > 0 ? " (by the service)" : "")),
                new Text(Events(webhook)),
                new Text(Statuses(webhook)),
                new Text(webhook.Tag.Length == 0 ? "any" : webhook.Tag),
                new Text(webhook.TargetUrl));
        }

        return table;
    }

    /// <summary>Each delivery on one line (event, claim, kind, state, attempts, next attempt), its attempts in a table under it.</summary>
    public static void WriteDeliveries(IAnsiConsole console, IReadOnlyList<WebhookDelivery> deliveries)
    {
        for (var i = 0; i < deliveries.Count; i++)
        {
            var delivery = deliveries[i];
            if (i > 0)
            {
                console.WriteLine();
            }

            var line = $"{delivery.EventId}  {Display.Id(delivery.Claim)}  {Display.EventOption(delivery.Type)}  {Display.State(delivery.State)}  " +
                $"{delivery.AttemptCount} attempt{(delivery.AttemptCount == 1 ? "" : "s")}";
            if (delivery.NextAttemptTime is not null)
            {
                line += $", next {Display.Time(delivery.NextAttemptTime)}";
            }

            console.Write(new Text(line + "\n"));
            if (delivery.Attempts.Count > 0)
            {
                console.Write(new Padder(AttemptTable(delivery.Attempts), new Padding(2, 0, 0, 0)));
            }

            if (delivery.AttemptCount > delivery.Attempts.Count)
            {
                console.Write(new Text($"  (the latest {delivery.Attempts.Count} of {delivery.AttemptCount} attempts)\n"));
            }
        }
    }

    private static Table AttemptTable(IEnumerable<WebhookAttempt> attempts)
    {
        var table = ClaimViews.Table("TIME", "HTTP", "DURATION", "ERROR");
        foreach (var attempt in attempts)
        {
            table.AddRow(
                new Text(Display.Time(attempt.Time)),
                new Text(attempt.HttpStatus == 0 ? "-" : attempt.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Display.Duration(attempt.Duration)),
                new Text(ClaimViews.Or(attempt.Error.ReplaceLineEndings(" "))));
        }

        return table;
    }
}
