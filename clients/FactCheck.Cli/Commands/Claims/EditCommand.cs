using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Contracts.V1;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>`factcheck claims edit`: change a claim's content; each given option goes into the update mask (UpdateClaim).</summary>
public static class EditCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var content = new ContentOptions();
        var claimArgument = new ClaimArgument();
        var clearDue = new Option<bool>("--clear-due") { Description = "Remove the due time" };
        var clearParent = new Option<bool>("--clear-parent") { Description = "Remove the parent link" };
        var clearParties = new Option<bool>("--clear-parties") { Description = "Remove all required parties" };
        var clearTags = new Option<bool>("--clear-tags") { Description = "Remove all tags" };
        var etag = new Option<string?>("--etag") { Description = "Only edit if the claim still has this etag (from `claims get -o json`)" };
        var command = new Command("edit", "Change a claim's content (given options replace the old values; the status is changed by `verify`)");
        claimArgument.AddTo(command);
        content.AddTo(command);
        command.AddOptions(clearDue, clearParent, clearParties, clearTags, etag);

        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var claim = new Claim { Name = claimArgument.Name(context) };
            var mask = new FieldMask();
            void Set(string field, bool given, Action apply)
            {
                if (given)
                {
                    apply();
                    mask.Paths.Add(field);
                }
            }

            Set("text", context.Value(content.Text) is not null, () => claim.Text = context.Value(content.Text)!);
            Set("speaker", context.Value(content.Speaker) is not null, () => claim.Speaker = context.Value(content.Speaker)!);
            Set("language", context.Value(content.Language) is not null, () => claim.Language = context.Value(content.Language)!);
            Set("sources", context.Value(content.Source) is { Length: > 0 }, () => claim.Sources.AddRange(content.Sources(context)));
            Set("required_parties", context.Value(content.Party) is { Length: > 0 } || context.Value(clearParties), () => claim.RequiredParties.AddRange(content.Parties(context)));
            Set("tags", context.Value(content.Tag) is { Length: > 0 } || context.Value(clearTags), () => claim.Tags.AddRange(content.Tags(context)));
            Set("due_time", context.Value(content.Due) is not null || context.Value(clearDue), () => claim.DueTime = content.DueTime(context));
            Set("parent", context.Value(content.Parent) is not null || context.Value(clearParent), () => claim.Parent = content.ParentName(context));
            if (mask.Paths.Count == 0)
            {
                throw new UsageException("nothing to change: give at least one of --text, --speaker, --source, --party, --due, --parent, --tag, --language or a --clear-... option");
            }

            var request = new UpdateClaimRequest { Claim = claim, UpdateMask = mask, Etag = context.Value(etag) ?? "" };

            var updated = await context.Services.Claims.UpdateClaimAsync(request, cancellationToken: context.Cancel);

            context.Output.Show(updated, $"updated {updated.Name}: {string.Join(", ", mask.Paths)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
