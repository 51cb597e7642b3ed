using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Admin;

/// <summary>
/// `factcheck admin backup`: has each service write a backup of its database (AdminService.CreateBackup,
/// admin role) and prints where it is. Both services by default, claims first: an operator backs
/// up the pair (docs/operations.md).
/// </summary>
public static class BackupCommand
{
    private const string Both = "both";

    public static Command Build(CliHost host, GlobalOptions options)
    {
        var service = new Option<string>("--service")
        {
            Description = "Which service to back up: claims, verification or both [default: both]",
            HelpName = "service",
            DefaultValueFactory = _ => Both,
        };
        service.AcceptOnlyFromAmong("claims", "verification", Both);
        var id = new Option<string?>("--id")
        {
            Description = "The backup's id (lowercase letters, digits, hyphens), the same for both services [default: \"backup-\" and the time]",
            HelpName = "id",
        };
        var command = new Command("backup",
            "Have the services write a consistent copy of their databases (and the claims service's webhook keys) into their backup folders, while they keep working; prints each backup's name, path and size");
        command.Options.Add(service);
        command.Options.Add(id);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var which = context.Value(service);
            ServiceKind[] kinds = which switch
            {
                "claims" => [ServiceKind.Claims],
                "verification" => [ServiceKind.Verification],
                _ => [ServiceKind.Claims, ServiceKind.Verification],
            };

            var backups = new List<(ServiceKind Kind, Backup Backup)>();
            var backupId = context.Value(id) ?? "";
            foreach (var kind in kinds)
            {
                var backup = await context.Services.Admin(kind).CreateBackupAsync(new CreateBackupRequest { BackupId = backupId }, cancellationToken: context.Cancel);
                backups.Add((kind, backup));
                // The id the first service chose names the second one's part too: one backup of the pair.
                backupId = backup.Name["backups/".Length..];
            }

            context.Output.Show(
                () => new JsonObject(backups.Select(b => KeyValuePair.Create(Name(b.Kind), (JsonNode?)JsonOutput.Node(b.Backup)))),
                _ =>
                {
                    foreach (var (kind, backup) in backups)
                    {
                        context.Output.Say(Line(kind, backup));
                    }
                });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Name(ServiceKind kind) => kind == ServiceKind.Claims ? "claims" : "verification";

    /// <summary>"claims: backups/x  /srv/backups/x/claims.db  1234567 bytes  newest event 42  webhook keys /srv/backups/x/webhook-keys".</summary>
    private static string Line(ServiceKind kind, Backup backup)
    {
        var line = $"{Name(kind)}: {backup.Name}  {backup.Path}  {backup.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes";
        if (kind == ServiceKind.Claims)
        {
            line += $"  newest event {backup.LastEventSequence.ToString(CultureInfo.InvariantCulture)}";
        }

        return backup.WebhookKeysPath.Length > 0 ? line + $"  webhook keys {backup.WebhookKeysPath}" : line;
    }
}
