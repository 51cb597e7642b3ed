using System.CommandLine;
using System.Globalization;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Import;
using ClaimMatch = FactCheck.Contracts.V1.ClaimMatch;
using FactCheck.Domain;
using FactCheck.Extraction;

namespace FactCheck.Cli.Commands;

/// <summary>
/// `factcheck extract FILE`: proposes the check-worthy claims of an article for review. Shown as
/// a review list; with --output json, written in the import file format; with --import, created
/// through the import path itself (so a second run finds them unchanged, and what the claims
/// service tracks already is left out). The review list and the file mark the proposals the claims
/// service likely tracks already, when it can be reached: without it, extract still works.
/// Nothing is written or sent before the whole article has been read and every proposal validated.
/// </summary>
public static class ExtractCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var file = new Argument<string>("file") { Description = "The article: a plain-text or simple HTML file, or - for standard input" };
        var url = new Option<string?>("--url") { Description = "The article's address, the claims' source (needed for --output json and --import)", HelpName = "url" };
        var publisher = new Option<string?>("--publisher") { Description = "Who published the article (also the start of every claim id)", HelpName = "name" };
        var published = new Option<string?>("--published") { Description = "Publication date, e.g. 2024-03-15: relative dates (\"on Monday\", \"in June\") count from it; default: today", HelpName = "date" };
        var import = new Option<bool>("--import") { Description = "Create the proposed claims now (as `factcheck import` would: running it again creates nothing new)" };
        var showSkipped = new Option<bool>("--show-skipped") { Description = "Also list the sentences not proposed, each with the reason" };
        var duplicates = new DuplicateOptions();
        var command = new Command("extract", "Propose the check-worthy claims of an article (speaker, quote, hedges, required parties, due date, parent) for review or import");
        command.Arguments.Add(file);
        command.AddOptions(url, publisher, published, import, showSkipped);
        duplicates.AddTo(command);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var path = context.Value(file);
            var (reference, fromOption) = ReferenceDate(context.Value(published), context.Now);
            var settings = new ExtractSettings(reference, CheckedUrl(context.Value(url)), CheckedPublisher(context.Value(publisher)), fromOption ? reference : null);
            var writes = context.Output.Json || context.Value(import);
            if (writes && settings.Url is null)
            {
                throw new UsageException("--url is required with --output json and --import: every claim needs its source's address (an example.org address will do for a test)");
            }

            var article = ArticleText.Read(await ReadAsync(host, path, context.Cancel));
            if (article.BlockList.Count == 0)
            {
                throw new UsageException($"{path}: the article is empty (no text to read)");
            }

            var extraction = ClaimProposer.Propose(article, settings);
            var dateNote = fromOption ? $"reference date {reference:yyyy-MM-dd}, from --published" : $"reference date {reference:yyyy-MM-dd}: today, as no --published was given";
            if (!writes)
            {
                var tracked = await TrackedAsync(context, extraction, duplicates.Check(context, "proposals not checked against the claims already tracked"));
                Review(context, path, extraction, tracked, dateNote, context.Value(showSkipped));
                return ExitCodes.Ok;
            }

            if (extraction.Claims.Count == 0)
            {
                throw new UsageException($"{path}: no check-worthy statement found; nothing to write ({Skips(extraction)})");
            }

            // The proposals are checked as the claims of an import file are, by the import's own rules.
            var drafts = Drafts(extraction, settings);
            var checkedDrafts = ImportFile.Check(drafts);
            if (checkedDrafts.Problems.Count > 0)
            {
                foreach (var problem in checkedDrafts.Problems)
                {
                    context.Output.Note($"{path}: {problem.Path}: {problem.Message}");
                }

                context.Output.Note($"error: the claims proposed from {path} would not import; nothing was {(context.Value(import) ? "imported" : "written")}");
                return ExitCodes.Usage;
            }

            if (context.Value(import))
            {
                return await ImportCommand.ImportParsedAsync(context, path, checkedDrafts, dryRun: false, duplicates.Check(context, "imported without the check"));
            }

            // An import file whatever --output says: it is meant for `factcheck import`. The file
            // format has no place for a mark, so its "about" names the proposals tracked already.
            var marks = await TrackedAsync(context, extraction, duplicates.Check(context, "proposals not checked against the claims already tracked"));
            var trackedNote = marks.Count == 0 ? ""
                : " Likely tracked already, so an import leaves them out: " + string.Join("; ", marks.OrderBy(m => m.Key).Select(m => $"claims[{m.Key}] as {string.Join(", ", m.Value.Select(DuplicateCheck.Describe))}")) + ".";
            var document = ImportFileWriter.Document($"Proposed by factcheck extract from {path} ({dateNote}); review before importing.{trackedNote}", drafts);
            host.Out.WriteLine(Output.JsonOutput.Pretty(document));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The proposals the claims service likely tracks already, by their position; none when there
    /// is no check (--allow-duplicates, an older service) or no service to ask, which a note says.
    /// </summary>
    private static async Task<Dictionary<int, IReadOnlyList<ClaimMatch>>> TrackedAsync(CommandContext context, Proposals extraction, DuplicateCheck? check)
    {
        var tracked = new Dictionary<int, IReadOnlyList<ClaimMatch>>();
        if (check is null)
        {
            return tracked;
        }

        try
        {
            for (var i = 0; i < extraction.Claims.Count; i++)
            {
                if (await check.LikelyDuplicatesAsync(extraction.Claims[i].Text) is { Count: > 0 } found)
                {
                    tracked[i] = found;
                }
            }
        }
        catch (ServiceCallException e) when (ErrorReporter.ExitCodeFor(e) == ExitCodes.Unreachable && !context.Cancel.IsCancellationRequested)
        {
            // Proposing needs no service: without one, the proposals are still worth reviewing.
            context.Output.Note($"note: proposals not checked against the claims already tracked: {ErrorReporter.Describe(e)}");
            tracked.Clear();
        }

        return tracked;
    }

    /// <summary>"already tracked as claims/agreement (0.91)".</summary>
    private static string Tracked(IReadOnlyList<ClaimMatch> matches) => "already tracked as " + string.Join(", ", matches.Select(DuplicateCheck.Describe));

    /// <summary>The date relative phrases count from, and whether it came from --published.</summary>
    internal static (DateOnly Date, bool FromOption) ReferenceDate(string? published, DateTimeOffset now)
    {
        if (published is null)
        {
            return (DateOnly.FromDateTime(now.UtcDateTime), false);
        }

        return DateOnly.TryParseExact(published.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date, true)
            : throw new UsageException($"--published: '{published}' is not a date; write it as 2024-03-15");
    }

    /// <summary>The address trimmed, as the import reads a source's url: --import creates the claims an import of the --output json file would.</summary>
    private static string? CheckedUrl(string? given) =>
        given?.Trim() is not { } url ? null
        : url.Length > Limits.MaxUrl ? throw new UsageException($"--url: must be at most {Limits.MaxUrl} characters (got {url.Length})")
        : Limits.IsAbsoluteHttpUrl(url) ? url
        : throw new UsageException($"--url: must be an absolute http or https URL (got '{Phrasing.Shorten(url)}')");

    private static string? CheckedPublisher(string? publisher) =>
        publisher is { Length: > Limits.MaxPublisher }
            ? throw new UsageException($"--publisher: must be at most {Limits.MaxPublisher} characters (got {publisher.Length})")
            : publisher;

    private static async Task<string> ReadAsync(CliHost host, string path, CancellationToken cancel)
    {
        if (path == "-")
        {
            return await host.In.ReadToEndAsync(cancel);
        }

        var full = host.ResolvePath(path);
        return File.Exists(full) ? await File.ReadAllTextAsync(full, cancel) : throw new UsageException($"{path}: no such file");
    }

    /// <summary>The proposals as import entries: ids as derived, parents by id within the file.</summary>
    private static List<ImportDraft> Drafts(Proposals extraction, ExtractSettings settings)
    {
        var published = settings.Published is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
        var title = extraction.Article.Title is { } t ? Phrasing.Shorten(t, Limits.MaxTitle, "…") : "";
        return extraction.Claims.Select((c, i) => new ImportDraft(
            i,
            c.Id,
            c.Pending,
            c.ParentId,
            new ClaimContent(
                c.Text,
                c.Speaker,
                [new Source(settings.Url!, title, settings.Publisher ?? "", published, c.Quote)],
                c.RequiredParties,
                // The end of the named period is the end of its last day, as the sample claims have it.
                c.Due is { } due ? new DateTimeOffset(due.Date.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : null,
                null,
                c.Tags,
                "en"))).ToList();
    }

    private static void Review(CommandContext context, string path, Proposals extraction, Dictionary<int, IReadOnlyList<ClaimMatch>> tracked, string dateNote, bool showSkipped)
    {
        var output = context.Output;
        output.Say($"{extraction.Claims.Count} claims proposed from {path} ({dateNote}); {extraction.Skipped.Count} sentences skipped");
        var ids = extraction.Claims.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var number = 0;
        foreach (var c in extraction.Claims)
        {
            output.Say("");
            output.Say($"{++number}. {c.Id}  {(c.Pending ? $"PENDING ({c.StatusDetail})" : "UNVERIFIED")}");
            Field(output, "text", c.Text);
            Field(output, "speaker", c.Speaker);
            Field(output, "quote", $"\"{c.Quote}\" (at {c.Offset})");
            if (c.Condition is { } condition)
            {
                Field(output, "parties", $"{string.Join(", ", condition.Parties)} (\"{condition.Phrase}\")");
            }

            if (c.Due is { } due)
            {
                Field(output, "due", $"{due.Date:yyyy-MM-dd} (\"{due.Phrase}\")");
            }

            var facts = c.TimeBounds.Where(b => !b.IsDeadline).ToList();
            if (facts.Count > 0)
            {
                Field(output, "dated", string.Join("; ", facts.Select(b => $"{b.Date:yyyy-MM-dd} (\"{b.Phrase}\", past: a fact, not a deadline)")));
            }

            if (c.DependencyCue is { } cue)
            {
                Field(output, "parent", c.ParentId is { } parent && ids.ContainsKey(parent) ? $"{parent} (\"{cue}\")" : $"none found (\"{cue}\" names no earlier claim)");
            }

            Field(output, "tags", string.Join(", ", c.Tags));
            if (tracked.TryGetValue(number - 1, out var matches))
            {
                Field(output, "tracked", Tracked(matches));
            }

            Field(output, "score", c.Worthiness.Explained);
            if (c.Note is { } note)
            {
                Field(output, "note", note);
            }
        }

        output.Say("");
        if (extraction.Skipped.Count > 0)
        {
            output.Say($"Skipped: {Skips(extraction)}{(showSkipped ? "" : " (--show-skipped lists them)")}");
            if (showSkipped)
            {
                foreach (var s in extraction.Skipped)
                {
                    output.Say($"  at {s.Offset}: {s.Reason}: \"{Phrasing.Shorten(s.Text, 100, "…")}\"");
                }
            }
        }

        if (tracked.Count > 0)
        {
            output.Say($"{tracked.Count} of them likely tracked already: --import leaves them out (--allow-duplicates creates them too).");
        }

        output.Say("Review them, then create them with --import, or write an import file with --output json.");
    }

    private static string Skips(Proposals extraction) =>
        extraction.Skipped.Count == 0 ? "no sentence skipped"
        : string.Join(", ", extraction.Skipped
            .GroupBy(s => s.Reason.Split(" (")[0], StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}"));

    private static void Field(Output.CommandOutput output, string label, string value) => output.Say($"   {label + ":",-9} {value}");
}
