using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;

namespace FactCheck.Cli.Commands;

/// <summary>`factcheck export`: every matching claim as JSON, or as schema.org ClaimReview JSON-LD.</summary>
public static class ExportCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var filters = new ClaimFilterOptions();
        var format = new Option<string>("--format") { Description = "json (the claims as the service has them) or claimreview (schema.org ClaimReview JSON-LD)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "claimreview");
        var file = new Option<string?>("--file", "-f") { Description = "Write to this file instead of standard output", HelpName = "path" };
        var reviewer = new Option<string>("--reviewer") { Description = "ClaimReview author: who publishes the reviews", DefaultValueFactory = _ => "FactCheck" };
        var reviewUrl = new Option<string?>("--review-url") { Description = "ClaimReview url: this prefix followed by the claim id (e.g. https://factcheck.example.org/claims/)", HelpName = "prefix" };
        var command = new Command("export", "Write every matching claim (oldest first) as JSON or as ClaimReview JSON-LD for other fact-checking tools");
        filters.AddTo(command);
        command.AddOptions(format, file, reviewer, reviewUrl);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = filters.Request(context);
            request.Order = Contracts.V1.ClaimOrder.Oldest;
            var urlBase = context.Value(reviewUrl);
            if (urlBase is not null && !Uri.TryCreate(urlBase, UriKind.Absolute, out _))
            {
                throw new UsageException($"--review-url: '{urlBase}' is not an absolute URL");
            }

            var claims = await context.Services.Claims.AllClaimsAsync(request, context.Cancel);
            JsonNode document = context.Value(format) == "claimreview"
                ? ClaimReview.Document(claims, context.Value(reviewer), urlBase)
                : new JsonObject { ["claims"] = JsonOutput.Array(claims) };
            var text = JsonOutput.Pretty(document);
            if (context.Value(file) is { } path)
            {
                await File.WriteAllTextAsync(host.ResolvePath(path), text + "\n", context.Cancel);
                context.Output.Note($"wrote {claims.Count} claims to {path}");
            }
            else
            {
                // An export is JSON whatever --output says: it is meant for other tools.
                context.Host.Out.WriteLine(text);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
