using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;
using Grpc.Core;

namespace FactCheck.Cli.Commands;

/// <summary>`factcheck claims add|get|list|edit|history|watch`.</summary>
public static class ClaimsCommands
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var claims = new Command("claims", "Record, read, list, edit and follow claims (claims service)");
        claims.Subcommands.Add(Add(host, options));
        claims.Subcommands.Add(Get(host, options));
        claims.Subcommands.Add(List(host, options));
        claims.Subcommands.Add(Edit(host, options));
        claims.Subcommands.Add(History(host, options));
        claims.Subcommands.Add(Watch(host, options));
        return claims;
    }

    internal static Argument<string> ClaimArgument() => new("claim") { Description = "The claim: its id (agreement) or name (claims/agreement)" };

    /// <summary>The content options `add` and `edit` share.</summary>
    private sealed class ContentOptions
    {
        public Option<string?> Text { get; } = new("--text") { Description = "The assertion, in plain words" };

        public Option<string?> Speaker { get; } = new("--speaker") { Description = "Who the claim is attributed to" };

        public Option<string[]> Source { get; } = new("--source") { Description = "URL of a piece that reports the claim (repeat for several)", HelpName = "url" };

        public Option<string[]> SourceTitle { get; } = new("--source-title") { Description = "Title of the --source at the same position", HelpName = "title" };

        public Option<string[]> SourcePublisher { get; } = new("--source-publisher") { Description = "Publisher of the --source at the same position", HelpName = "name" };

        public Option<string[]> SourceQuote { get; } = new("--source-quote") { Description = "Passage quoted from the --source at the same position", HelpName = "text" };

        public Option<string[]> SourcePublished { get; } = new("--source-published") { Description = "Publication time of the --source at the same position", HelpName = "time" };

        public Option<string[]> Party { get; } = new("--party") { Description = "A party whose confirmation the claim needs (repeat or comma-separate)", HelpName = "name" };

        public Option<string?> Due { get; } = new("--due") { Description = "Due time of a time-bound claim (2026-12-31, or 2026-12-31T23:59:59Z)", HelpName = "time" };

        public Option<string?> Parent { get; } = new("--parent") { Description = "The claim this one depends on", HelpName = "claim" };

        public Option<string[]> Tag { get; } = new("--tag") { Description = "A label (repeat or comma-separate)" };

        public Option<string?> Language { get; } = new("--language") { Description = "BCP-47 language of the text, e.g. en", HelpName = "tag" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Text, Speaker, Source, SourceTitle, SourcePublisher, SourceQuote, SourcePublished, Party, Due, Parent, Tag, Language })
            {
                command.Options.Add(option);
            }
        }

        public List<Source> Sources(CommandContext context)
        {
            var urls = context.Value(Source) ?? [];
            var titles = context.Value(SourceTitle) ?? [];
            var publishers = context.Value(SourcePublisher) ?? [];
            var quotes = context.Value(SourceQuote) ?? [];
            var published = context.Value(SourcePublished) ?? [];
            foreach (var (name, count) in new[] { ("--source-title", titles.Length), ("--source-publisher", publishers.Length), ("--source-quote", quotes.Length), ("--source-published", published.Length) })
            {
                if (count > urls.Length)
                {
                    throw new UsageException($"{name} is given {count} time(s) but --source only {urls.Length}: each belongs to the --source at the same position");
                }
            }

            return urls.Select((url, i) => new Source
            {
                Url = url,
                Title = i < titles.Length ? titles[i] : "",
                Publisher = i < publishers.Length ? publishers[i] : "",
                Quote = i < quotes.Length ? quotes[i] : "",
                PublishedTime = i < published.Length ? Arguments.Time(published[i], "--source-published", context.Now) : null,
            }).ToList();
        }
    }

    private static Command Add(CliHost host, GlobalOptions options)
    {
        var content = new ContentOptions();
        var id = new Option<string?>("--id") { Description = "Id of the new claim (lower-case letters, digits, '-'); generated when left out" };
        var pending = new Option<bool>("--pending") { Description = "Create it PENDING (awaiting its --party confirmations) rather than UNVERIFIED" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key: repeating the command with it creates nothing twice" };
        content.Text.Required = true;
        content.Source.Required = true;
        var command = new Command("add", "Record a new claim with its source(s)");
        content.AddTo(command);
        command.Options.Add(pending);
        command.Options.Add(id);
        command.Options.Add(requestId);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var claim = new Claim
            {
                Text = context.Value(content.Text) ?? "",
                Speaker = context.Value(content.Speaker) ?? "",
                Language = context.Value(content.Language) ?? "",
                Status = context.Value(pending) ? ClaimStatus.Pending : ClaimStatus.Unspecified,
                Parent = context.Value(content.Parent) is { } parent ? Arguments.ClaimName(parent) : "",
                DueTime = context.Value(content.Due) is { } due ? Arguments.Time(due, "--due", context.Now) : null,
            };
            claim.Sources.AddRange(content.Sources(context));
            claim.RequiredParties.AddRange(Arguments.Split(context.Value(content.Party)));
            claim.Tags.AddRange(Arguments.Split(context.Value(content.Tag)));
            var created = await context.Services.Claims.CreateClaimAsync(new CreateClaimRequest
            {
                Claim = claim,
                ClaimId = context.Value(id) ?? "",
                RequestId = context.Value(requestId) ?? "",
            }, cancellationToken: context.Cancel);
            if (context.Json)
            {
                context.WriteJson(JsonOutput.Node(created));
            }
            else
            {
                context.Say($"created {created.Name} ({Display.Status(created.Status)}{(created.StatusDetail.Length > 0 ? ": " + created.StatusDetail : "")})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Get(CliHost host, GlobalOptions options)
    {
        var claimArgument = ClaimArgument();
        var command = new Command("get", "Show a claim: its sources, its status history and where it stands with its verifiers (both services)");
        command.Arguments.Add(claimArgument);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var name = Arguments.ClaimName(context.Value(claimArgument));
            var claim = await context.Services.Claims.GetClaimAsync(new GetClaimRequest { Name = name }, cancellationToken: context.Cancel);
            var history = await HistoryAsync(context, name);
            VerificationSummary? summary = null;
            string? verificationProblem = null;
            try
            {
                summary = await context.Services.Verification.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = name }, cancellationToken: context.Cancel);
            }
            catch (ServiceCallException e) when (!context.Cancel.IsCancellationRequested)
            {
                // The claim itself came from the claims service; one missing half is reported, not fatal.
                verificationProblem = ErrorReporter.Describe(e);
            }

            if (context.Json)
            {
                context.WriteJson(new JsonObject
                {
                    ["claim"] = JsonOutput.Node(claim),
                    ["history"] = JsonOutput.Array(history),
                    ["verification"] = summary is null ? null : JsonOutput.Node(summary),
                    ["verificationError"] = verificationProblem,
                });
                return ExitCodes.Ok;
            }

            ClaimViews.WriteClaim(context.Console, claim);
            context.Console.Write(new Spectre.Console.Text("\n"));
            ClaimViews.Heading(context.Console, "History");
            context.Console.Write(ClaimViews.HistoryTable(history));
            context.Console.Write(new Spectre.Console.Text("\n"));
            ClaimViews.Heading(context.Console, "Verification");
            if (summary is not null)
            {
                ClaimViews.WriteSummary(context.Console, summary);
            }
            else
            {
                context.Say($"unavailable: {verificationProblem}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliHost host, GlobalOptions options)
    {
        var filters = new ClaimFilterOptions();
        var order = new Option<string?>("--order") { Description = "newest (default), oldest, or due-soonest (default with --overdue)" };
        order.AcceptOnlyFromAmong("newest", "oldest", "due-soonest");
        var pageSize = new Option<int>("--page-size") { Description = "Claims per page, 1 to 500 [default: 50]", HelpName = "n" };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from the page this token (printed after a page) points to", HelpName = "token" };
        var all = new Option<bool>("--all") { Description = "Follow page tokens and list every matching claim" };
        var command = new Command("list", "List claims, with every filter and order the claims service has");
        filters.AddTo(command);
        command.Options.Add(order);
        command.Options.Add(pageSize);
        command.Options.Add(pageToken);
        command.Options.Add(all);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = filters.Request(context);
            request.Order = context.Value(order) switch
            {
                "oldest" => ClaimOrder.Oldest,
                "due-soonest" => ClaimOrder.DueSoonest,
                "newest" => ClaimOrder.Newest,
                _ => context.Value(filters.Overdue) ? ClaimOrder.DueSoonest : ClaimOrder.Unspecified,
            };
            request.PageSize = context.Value(pageSize);
            request.PageToken = context.Value(pageToken) ?? "";
            if (request.PageSize < 0 || request.PageSize > 500)
            {
                throw new UsageException($"--page-size: must be 1 to 500 (got {request.PageSize})");
            }

            List<Claim> claims;
            var next = "";
            if (context.Value(all))
            {
                claims = await ClaimFilterOptions.ListAllAsync(context, request);
            }
            else
            {
                var page = await context.Services.Claims.ListClaimsAsync(request, cancellationToken: context.Cancel);
                claims = [.. page.Claims];
                next = page.NextPageToken;
            }

            if (context.Json)
            {
                context.WriteJson(new JsonObject { ["claims"] = JsonOutput.Array(claims), ["nextPageToken"] = next });
                return ExitCodes.Ok;
            }

            if (claims.Count == 0)
            {
                context.Note("no claims match");
            }
            else
            {
                context.Console.Write(ClaimViews.ClaimTable(claims));
            }

            if (next.Length > 0)
            {
                context.Note($"more claims: repeat with --page-token {next} (or --all)");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Edit(CliHost host, GlobalOptions options)
    {
        var content = new ContentOptions();
        var claimArgument = ClaimArgument();
        var clearDue = new Option<bool>("--clear-due") { Description = "Remove the due time" };
        var clearParent = new Option<bool>("--clear-parent") { Description = "Remove the parent link" };
        var clearParties = new Option<bool>("--clear-parties") { Description = "Remove all required parties" };
        var clearTags = new Option<bool>("--clear-tags") { Description = "Remove all tags" };
        var etag = new Option<string?>("--etag") { Description = "Only edit if the claim still has this etag (from `claims get -o json`)" };
        var command = new Command("edit", "Change a claim's content (given options replace the old values; the status is changed by `verify`)");
        command.Arguments.Add(claimArgument);
        content.AddTo(command);
        foreach (var option in new Option[] { clearDue, clearParent, clearParties, clearTags, etag })
        {
            command.Options.Add(option);
        }

        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var claim = new Claim { Name = Arguments.ClaimName(context.Value(claimArgument)) };
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
            Set("required_parties", context.Value(content.Party) is { Length: > 0 } || context.Value(clearParties),
                () => claim.RequiredParties.AddRange(Arguments.Split(context.Value(content.Party))));
            Set("tags", context.Value(content.Tag) is { Length: > 0 } || context.Value(clearTags), () => claim.Tags.AddRange(Arguments.Split(context.Value(content.Tag))));
            Set("due_time", context.Value(content.Due) is not null || context.Value(clearDue),
                () => claim.DueTime = context.Value(content.Due) is { } due ? Arguments.Time(due, "--due", context.Now) : null);
            Set("parent", context.Value(content.Parent) is not null || context.Value(clearParent),
                () => claim.Parent = context.Value(content.Parent) is { } parent ? Arguments.ClaimName(parent) : "");
            if (mask.Paths.Count == 0)
            {
                throw new UsageException("nothing to change: give at least one of --text, --speaker, --source, --party, --due, --parent, --tag, --language or a --clear-... option");
            }

            var updated = await context.Services.Claims.UpdateClaimAsync(
                new UpdateClaimRequest { Claim = claim, UpdateMask = mask, Etag = context.Value(etag) ?? "" }, cancellationToken: context.Cancel);
            if (context.Json)
            {
                context.WriteJson(JsonOutput.Node(updated));
            }
            else
            {
                context.Say($"updated {updated.Name}: {string.Join(", ", mask.Paths)}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command History(CliHost host, GlobalOptions options)
    {
        var claimArgument = ClaimArgument();
        var command = new Command("history", "Show every change of a claim, oldest first: who, when, from which status to which, and why");
        command.Arguments.Add(claimArgument);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var events = await HistoryAsync(context, Arguments.ClaimName(context.Value(claimArgument)));
            if (context.Json)
            {
                context.WriteJson(new JsonObject { ["events"] = JsonOutput.Array(events) });
            }
            else
            {
                context.Console.Write(ClaimViews.HistoryTable(events));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Watch(CliHost host, GlobalOptions options)
    {
        var after = new Option<long>("--after") { Description = "Resume after this event sequence number (0: from the first event)", HelpName = "sequence" };
        var status = new Option<string[]>("--status", "-s") { Description = "Only events whose claim is now in one of these statuses", HelpName = "status" };
        status.CompletionSources.Add(Arguments.StatusNames);
        var tag = new Option<string?>("--tag") { Description = "Only events whose claim carries this tag" };
        var command = new Command("watch", "Print claim events as they happen until Ctrl+C (one JSON object per line with -o json); resume with --after");
        command.Options.Add(after);
        command.Options.Add(status);
        command.Options.Add(tag);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new WatchClaimsRequest { AfterSequence = context.Value(after), Tag = context.Value(tag) ?? "" };
            if (request.AfterSequence < 0)
            {
                throw new UsageException("--after: must be 0 or a sequence number already seen");
            }

            request.Statuses.AddRange(Arguments.Statuses(context.Value(status)));
            var last = request.AfterSequence;
            var deadline = DateTime.UtcNow + context.Services.Settings.Timeout;
            try
            {
                using var call = context.Services.Claims.WatchClaims(request, cancellationToken: context.Cancel);
                while (await call.ResponseStream.MoveNext(context.Cancel))
                {
                    var e = call.ResponseStream.Current;
                    last = e.Sequence;
                    context.Host.Out.WriteLine(context.Json ? JsonOutput.Line(JsonOutput.Node(e)) : ClaimViews.EventLine(e));
                    context.Host.Out.Flush();
                }

                context.Note($"the claims service ended the stream (it may be restarting); resume with --after {last}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (context.Cancel.IsCancellationRequested && e is OperationCanceledException or ServiceCallException { StatusCode: StatusCode.Cancelled })
            {
                // Ctrl+C is how a watch is meant to end.
                context.Note($"stopped; resume with --after {last}");
                return ExitCodes.Ok;
            }
            catch (ServiceCallException e) when (context.Services.Settings.TimeoutGiven
                && (e.StatusCode == StatusCode.DeadlineExceeded || (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow >= deadline)))
            {
                // With --timeout, watch for that long and stop: a deadline reached is the expected end.
                // Some transports report the deadline's cut connection as UNAVAILABLE; past the deadline, it is the same thing.
                context.Note($"--timeout reached; resume with --after {last}");
                return ExitCodes.Ok;
            }
            catch (ServiceCallException e)
            {
                ErrorReporter.Write(context.Error, e, context.Verbose);
                context.Note($"resume with --after {last}");
                throw new ReportedFailureException(ErrorReporter.ExitCodeFor(e));
            }
        }));
        return command;
    }

    internal static async Task<List<ClaimEvent>> HistoryAsync(CommandContext context, string name)
    {
        var events = new List<ClaimEvent>();
        var request = new ListClaimHistoryRequest { Name = name, PageSize = 500 };
        while (true)
        {
            var page = await context.Services.Claims.ListClaimHistoryAsync(request, cancellationToken: context.Cancel);
            events.AddRange(page.Events);
            if (page.NextPageToken.Length == 0)
            {
                return events;
            }

            request.PageToken = page.NextPageToken;
        }
    }
}
