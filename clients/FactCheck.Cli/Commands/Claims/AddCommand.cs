using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>
/// `factcheck claims add`: record a new claim (CreateClaim), unless a tracked claim likely says
/// the same (MatchClaims first; --allow-duplicate skips that check).
/// </summary>
public static class AddCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var content = new ContentOptions();
        var id = new Option<string?>("--id") { Description = "Id of the new claim (lower-case letters, digits, '-'); generated when left out" };
        var pending = new Option<bool>("--pending") { Description = "Create it PENDING (awaiting its --party confirmations) rather than UNVERIFIED" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key: repeating the command with it creates nothing twice" };
        var duplicates = new DuplicateOptions("--allow-duplicate");
        content.Text.Required = true;
        content.Source.Required = true;
        var command = new Command("add", "Record a new claim with its source(s)");
        content.AddTo(command);
        command.AddOptions(pending, id, requestId);
        duplicates.AddTo(command);
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

            if (duplicates.Check(context, "created without the check") is { } check)
            {
                await RefuseDuplicatesAsync(context, check, request);
            }

            var created = await context.Services.Claims.CreateClaimAsync(request, cancellationToken: context.Cancel);

            var detail = created.StatusDetail.Length > 0 ? ": " + created.StatusDetail : "";
            context.Output.Show(created, $"created {created.Name} ({Display.Status(created.Status)}{detail})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Exit code 1, naming the likely duplicates and the way past them, when a tracked claim likely says what the new one says.</summary>
    private static async Task RefuseDuplicatesAsync(CommandContext context, DuplicateCheck check, CreateClaimRequest request)
    {
        var duplicates = await check.LikelyDuplicatesAsync(request.Claim.Text);
        if (duplicates is null || duplicates.Count == 0)
        {
            return;
        }

        // A claim this very request created (a repeated command with its --request-id) is not a duplicate of it: CreateClaim returns it again.
        var others = new List<ClaimMatch>();
        foreach (var match in duplicates)
        {
            if (request.RequestId.Length == 0 || !await CreatedByAsync(context, match.Claim.Name, request.RequestId))
            {
                others.Add(match);
            }
        }

        if (others.Count == 0)
        {
            return;
        }

        context.Error.WriteLine($"error: not created: {others.Count} tracked claim(s) likely say the same:");
        foreach (var match in others)
        {
            context.Error.WriteLine($"  {Display.Score(match.Score)}  {match.Claim.Name}  {Display.Shorten(match.Claim.Text, ClaimViews.TextColumnWidth)}");
        }

        context.Error.WriteLine("Add to the existing claim instead (`factcheck claims get ID`), or create it anyway with --allow-duplicate.");
        throw new ReportedFailureException(ExitCodes.Refused);
    }

    private static async Task<bool> CreatedByAsync(CommandContext context, string name, string requestId)
    {
        var page = await context.Services.Claims.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = name, PageSize = 1 }, cancellationToken: context.Cancel);
        return page.Events.Count > 0 && page.Events[0].RequestId == requestId;
    }
}
