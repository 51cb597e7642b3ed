using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>`factcheck claims add`: record a new claim (CreateClaim).</summary>
public static class AddCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var content = new ContentOptions();
        var id = new Option<string?>("--id") { Description = "Id of the new claim (lower-case letters, digits, '-'); generated when left out" };
        var pending = new Option<bool>("--pending") { Description = "Create it PENDING (awaiting its --party confirmations) rather than UNVERIFIED" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key: repeating the command with it creates nothing twice" };
        content.Text.Required = true;
        content.Source.Required = true;
        var command = new Command("add", "Record a new claim with its source(s)");
        content.AddTo(command);
        command.AddOptions(pending, id, requestId);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var claim = new Claim
            {
                Text = context.Value(content.Text) ?? "",
                Speaker = context.Value(content.Speaker) ?? "",
                Language = context.Value(content.Language) ?? "",
                Status = context.Value(pending) ? ClaimStatus.Pending : ClaimStatus.Unspecified,
                Parent = content.ParentName(context),
                DueTime = content.DueTime(context),
            };
            claim.Sources.AddRange(content.Sources(context));
            claim.RequiredParties.AddRange(content.Parties(context));
            claim.Tags.AddRange(content.Tags(context));
            var request = new CreateClaimRequest { Claim = claim, ClaimId = context.Value(id) ?? "", RequestId = context.Value(requestId) ?? "" };

            var created = await context.Services.Claims.CreateClaimAsync(request, cancellationToken: context.Cancel);

            var detail = created.StatusDetail.Length > 0 ? ": " + created.StatusDetail : "";
            context.Output.Show(created, $"created {created.Name} ({Display.Status(created.Status)}{detail})");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
