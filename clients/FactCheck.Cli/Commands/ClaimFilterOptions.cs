using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands;

/// <summary>Every filter of ListClaims as an option, shared by `claims list` and `export`.</summary>
public sealed class ClaimFilterOptions
{
    public Option<string[]> Status { get; } = new("--status", "-s")
    {
        Description = "Only these statuses (repeat or comma-separate): " + string.Join(", ", Arguments.StatusNames),
        HelpName = "status",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Speaker { get; } = new("--speaker") { Description = "Only claims by this speaker (exact, case-insensitive)" };

    public Option<string?> Tag { get; } = new("--tag") { Description = "Only claims carrying this tag" };

    public Option<string?> Publisher { get; } = new("--publisher") { Description = "Only claims with a source from this publisher" };

    public Option<string?> SourceUrl { get; } = new("--source-url") { Description = "Only claims with a source at this URL", HelpName = "url" };

    public Option<string?> DueBefore { get; } = new("--due-before") { Description = "Only claims due before this time (now, today, 2026-12-31, or a full time)", HelpName = "time" };

    public Option<string?> DueAfter { get; } = new("--due-after") { Description = "Only claims due at or after this time", HelpName = "time" };

    public Option<string?> Query { get; } = new("--query", "-q") { Description = "Full-text search over text, speaker, source titles and quotes (every word must match; 'troop*' for prefixes)", HelpName = "words" };

    public Option<string?> Parent { get; } = new("--parent") { Description = "Only claims that depend on this claim", HelpName = "claim" };

    public Option<bool> Overdue { get; } = new("--overdue")
    {
        Description = "Only time-bound claims past their due time that are still unconfirmed (UNVERIFIED, PENDING or OVERDUE)",
    };

    public ClaimFilterOptions()
    {
        Status.CompletionSources.Add(Arguments.StatusNames);
    }

    public IEnumerable<Option> All => [Status, Speaker, Tag, Publisher, SourceUrl, DueBefore, DueAfter, Query, Parent, Overdue];

    public void AddTo(Command command) => command.AddOptions(All);

    public ListClaimsRequest Request(CommandContext context)
    {
        var request = new ListClaimsRequest
        {
            Speaker = context.Value(Speaker) ?? "",
            Tag = context.Value(Tag) ?? "",
            SourcePublisher = context.Value(Publisher) ?? "",
            SourceUrl = context.Value(SourceUrl) ?? "",
            Query = context.Value(Query) ?? "",
        };
        request.Statuses.AddRange(Arguments.Statuses(context.Value(Status)));
        if (context.Value(DueBefore) is { } before)
        {
            request.DueBefore = Arguments.Time(before, "--due-before", context.Now);
        }

        if (context.Value(DueAfter) is { } after)
        {
            request.DueAfter = Arguments.Time(after, "--due-after", context.Now);
        }

        if (context.Value(Parent) is { } parent)
        {
            request.Parent = Arguments.Claim(parent);
        }

        if (context.Value(Overdue))
        {
            if (request.Statuses.Count > 0 || request.DueBefore is not null)
            {
                throw new UsageException("--overdue chooses the statuses and the due time itself: leave out --status and --due-before");
            }

            request.Statuses.AddRange([ClaimStatus.Unverified, ClaimStatus.Pending, ClaimStatus.Overdue]);
            request.DueBefore = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(context.Now);
        }

        return request;
    }
}
