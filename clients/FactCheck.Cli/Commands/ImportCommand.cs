using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Import;
using FactCheck.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace FactCheck.Cli.Commands;

/// <summary>
/// `factcheck import FILE`: validates the whole file, asks the claims service which new claims it
/// likely tracks already (those are not created), then creates the rest parents first.
/// Idempotent: a claim already there with the same content is left alone, and every create
/// carries a request id derived from its content, so a retried or repeated import creates nothing twice.
/// </summary>
public static class ImportCommand
{
    private enum Outcome
    {
        Created,
        Unchanged,
        Duplicate,
        Failed,
    }

    public static Command Build(CliHost host, GlobalOptions options)
    {
        var file = new Argument<string>("file") { Description = "JSON file of claims (format in docs/cli.md, \"Import file format\")" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only validate the file and check parents; write nothing" };
        var duplicates = new DuplicateOptions();
        var command = new Command("import", "Create the claims of a JSON file (validated first; importing twice creates nothing new)");
        command.Arguments.Add(file);
        command.Options.Add(dryRun);
        duplicates.AddTo(command);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var path = context.Value(file);
            var fullPath = host.ResolvePath(path);
            if (!File.Exists(fullPath))
            {
                throw new UsageException($"{path}: no such file");
            }

            var parsed = ImportFile.Parse(await File.ReadAllBytesAsync(fullPath, context.Cancel));
            return await ImportParsedAsync(context, path, parsed, context.Value(dryRun), duplicates.Check(context, "imported without the check"));
        }));
        return command;
    }

    /// <summary>
    /// Imports what <see cref="ImportFile.Parse"/> read from <paramref name="path"/> (a file name, or
    /// what stands for one in messages): nothing at all when a problem is found, otherwise each
    /// claim created, found unchanged or, when <paramref name="duplicates"/> finds it tracked
    /// already, not created; with one line per claim and a summary.
    /// </summary>
    /// <param name="duplicates">The likely-duplicate check, or null for none (--allow-duplicates).</param>
    internal static async Task<int> ImportParsedAsync(CommandContext context, string path, ImportFile.Result parsed, bool dryRun, DuplicateCheck? duplicates)
    {
        var host = context.Host;
        var problems = parsed.Problems.ToList();
        if (problems.Count == 0)
        {
            problems.AddRange(await MissingParentsAsync(context, parsed));
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems.OrderBy(p => Line(p.Position)).ThenBy(p => Column(p.Position)))
            {
                context.Output.Note($"{path}:{problem}");
            }

            context.Output.Note($"error: {path} has {problems.Count} problem(s); nothing was imported");
            return ExitCodes.Usage;
        }

        if (dryRun)
        {
            context.Output.Note($"{path}: {parsed.Entries.Count} claims, valid; nothing written (--dry-run)");
            return ExitCodes.Ok;
        }

        // Every new claim is checked before the first is created: what is skipped does not depend
        // on what this import writes, and a service that fails the check stops the import whole.
        var plan = await PlanAsync(context, parsed.Entries, duplicates);

        var results = new List<(ImportEntry Entry, Outcome Outcome, string? Error)>();
        var output = context.Output;
        var showProgress = host.OutIsTerminal && !output.Json && output.Console.Profile.Capabilities.Interactive;
        if (showProgress)
        {
            await output.Console.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask($"importing {Path.GetFileName(path)}", maxValue: parsed.Entries.Count);
                await ImportAllAsync(context, plan, results, _ => task.Increment(1));
            });
        }
        else
        {
            await ImportAllAsync(context, plan, results, r => output.Say($"{Verb(r.Outcome)} {r.Entry.Name}{(r.Error is null ? "" : ": " + r.Error)}"));
        }

        var created = results.Count(r => r.Outcome == Outcome.Created);
        var unchanged = results.Count(r => r.Outcome == Outcome.Unchanged);
        var failed = results.Where(r => r.Outcome == Outcome.Failed).ToList();
        var skipped = results.Where(r => r.Outcome == Outcome.Duplicate).ToList();
        output.Show(
            () => new JsonObject
            {
                ["file"] = path,
                ["created"] = new JsonArray(results.Where(r => r.Outcome == Outcome.Created).Select(r => (JsonNode?)r.Entry.Name).ToArray()),
                ["unchanged"] = new JsonArray(results.Where(r => r.Outcome == Outcome.Unchanged).Select(r => (JsonNode?)r.Entry.Name).ToArray()),
                ["duplicates"] = new JsonArray(skipped.Select(r => (JsonNode?)new JsonObject
                {
                    ["claim"] = r.Entry.Name,
                    ["position"] = $"claims[{r.Entry.Index}]",
                    ["matches"] = DuplicateCheck.Json(plan.Single(p => p.Entry.Index == r.Entry.Index).Duplicates!),
                }).ToArray()),
                ["failed"] = new JsonArray(failed.Select(r => (JsonNode?)new JsonObject
                {
                    ["claim"] = r.Entry.Name,
                    ["position"] = $"claims[{r.Entry.Index}]",
                    ["error"] = r.Error,
                }).ToArray()),
            },
            _ =>
            {
                if (showProgress)
                {
                    // The progress bar showed no line per claim: the skipped and the failed still deserve one each.
                    foreach (var f in skipped.Concat(failed))
                    {
                        output.Note($"{Verb(f.Outcome)} {f.Entry.Name} (claims[{f.Entry.Index}]): {f.Error}");
                    }
                }

                var notCreated = skipped.Count == 0 ? "" : $", {skipped.Count} not created (likely duplicates)";
                output.Say($"{results.Count} claims from {path}: {created} created, {unchanged} unchanged{notCreated}, {failed.Count} failed");
            });
        return failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
    }

    /// <summary>One entry as it will be imported: its claim as found in the service, and the tracked claims it likely duplicates.</summary>
    private sealed record Planned(ImportEntry Entry, bool Looked, Claim? Existing, IReadOnlyList<ClaimMatch>? Duplicates);

    /// <summary>
    /// Looks up each entry and, for each one not in the service yet, its likely duplicates. An
    /// entry that depends on a likely duplicate is re-pointed to the claim it duplicates, the one
    /// it stands for; so is its request, and with it its idempotency key.
    /// </summary>
    private static async Task<List<Planned>> PlanAsync(CommandContext context, IReadOnlyList<ImportEntry> entries, DuplicateCheck? duplicates)
    {
        if (duplicates is null)
        {
            return [.. entries.Select(e => new Planned(e, false, null, null))];
        }

        var plan = new List<Planned>();
        var standsFor = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var original in entries)
        {
            var entry = original;
            if (standsFor.TryGetValue(entry.Request.Claim.Parent, out var tracked))
            {
                var request = entry.Request.Clone();
                request.Claim.Parent = tracked;
                request.RequestId = ImportFile.RequestId(request);
                entry = entry with { Request = request };
            }

            var existing = await TryGetAsync(context, entry.Name);
            var found = existing is null ? await duplicates.LikelyDuplicatesAsync(entry.Request.Claim.Text) : null;
            if (found is { Count: > 0 })
            {
                standsFor[entry.Name] = found[0].Claim.Name;
            }

            plan.Add(new Planned(entry, true, existing, found is { Count: > 0 } ? found : null));
        }

        return plan;
    }

    private static async Task ImportAllAsync(CommandContext context, IReadOnlyList<Planned> plan, List<(ImportEntry, Outcome, string?)> results, Action<(ImportEntry Entry, Outcome Outcome, string? Error)> report)
    {
        var failedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var planned in plan)
        {
            var entry = planned.Entry;
            (ImportEntry, Outcome, string?) result;
            if (planned.Duplicates is { } duplicates)
            {
                result = (entry, Outcome.Duplicate, "likely duplicate of " + string.Join(", ", duplicates.Select(DuplicateCheck.Describe)) + "; --allow-duplicates creates it");
            }
            else if (entry.Request.Claim.Parent.Length > 0 && failedNames.Contains(entry.Request.Claim.Parent))
            {
                result = (entry, Outcome.Failed, $"skipped: its parent {entry.Request.Claim.Parent} failed");
            }
            else
            {
                try
                {
                    var (outcome, error) = await ImportOneAsync(context, entry, planned.Looked ? planned.Existing : await TryGetAsync(context, entry.Name));
                    result = (entry, outcome, error);
                }
                catch (ServiceCallException e) when (ErrorReporter.ExitCodeFor(e) == ExitCodes.Refused)
                {
                    result = (entry, Outcome.Failed, ErrorReporter.Describe(e));
                }
            }

            if (result.Item2 == Outcome.Failed)
            {
                failedNames.Add(entry.Name);
            }

            results.Add(result);
            report(result);
        }
    }

    private static async Task<(Outcome, string?)> ImportOneAsync(CommandContext context, ImportEntry entry, Claim? existing)
    {
        if (existing is null)
        {
            await context.Services.Claims.CreateClaimAsync(entry.Request, cancellationToken: context.Cancel);
            return (Outcome.Created, null);
        }

        var differences = Differences(entry.Request.Claim, existing);
        return differences.Count == 0
            ? (Outcome.Unchanged, null)
            : (Outcome.Failed, $"already exists with other {string.Join(", ", differences)}; change it with `factcheck claims edit`, or give the entry another id");
    }

    private static async Task<Claim?> TryGetAsync(CommandContext context, string name)
    {
        try
        {
            return await context.Services.Claims.GetClaimAsync(new GetClaimRequest { Name = name }, cancellationToken: context.Cancel);
        }
        catch (ServiceCallException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The content fields in which the service's claim differs from the file's (the status may have moved on and is not compared).</summary>
    private static List<string> Differences(Claim wanted, Claim existing)
    {
        var fields = new List<string>();
        void Check(string field, bool same)
        {
            if (!same)
            {
                fields.Add(field);
            }
        }

        Check("text", wanted.Text == existing.Text);
        Check("speaker", wanted.Speaker == existing.Speaker);
        Check("sources", wanted.Sources.Equals(existing.Sources));
        Check("requiredParties", wanted.RequiredParties.Equals(existing.RequiredParties));
        Check("due", Equals(wanted.DueTime, existing.DueTime));
        Check("parent", wanted.Parent == existing.Parent);
        Check("tags", wanted.Tags.Equals(existing.Tags));
        Check("language", wanted.Language == existing.Language);
        return fields;
    }

    private static async Task<List<ImportProblem>> MissingParentsAsync(CommandContext context, ImportFile.Result parsed)
    {
        var problems = new List<ImportProblem>();
        foreach (var (path, parent) in parsed.ExternalParents)
        {
            if (await TryGetAsync(context, parent) is null)
            {
                problems.Add(new ImportProblem(path, parsed.Locator.Position(path), $"{parent} does not exist in the claims service"));
            }
        }

        return problems;
    }

    private static string Verb(Outcome outcome) => outcome switch
    {
        Outcome.Created => "created",
        Outcome.Unchanged => "unchanged",
        Outcome.Duplicate => "skipped",
        _ => "failed",
    };

    private static int Line(string position) => int.Parse(position.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static int Column(string position) => int.Parse(position.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
}
