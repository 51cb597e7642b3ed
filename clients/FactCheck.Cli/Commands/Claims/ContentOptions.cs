using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>The content options `claims add` and `claims edit` share.</summary>
public sealed class ContentOptions
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

    public void AddTo(Command command) =>
        command.AddOptions(Text, Speaker, Source, SourceTitle, SourcePublisher, SourceQuote, SourcePublished, Party, Due, Parent, Tag, Language);

    /// <summary>The sources, each --source with the --source-* options at its position.</summary>
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

    public IEnumerable<string> Parties(CommandContext context) => Arguments.Split(context.Value(Party));

    public IEnumerable<string> Tags(CommandContext context) => Arguments.Split(context.Value(Tag));

    /// <summary>--due as a time, or null when not given.</summary>
    public Google.Protobuf.WellKnownTypes.Timestamp? DueTime(CommandContext context) =>
        context.Value(Due) is { } due ? Arguments.Time(due, "--due", context.Now) : null;

    /// <summary>--parent as a claim name, or "" when not given.</summary>
    public string ParentName(CommandContext context) =>
        context.Value(Parent) is { } parent ? Arguments.Claim(parent) : "";
}
