using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FactCheck.Domain;

namespace FactCheck.Extraction;

/// <summary>What the article is and which date its relative dates count from.</summary>
/// <param name="Url">The article's address; claims need one to be imported.</param>
/// <param name="ReferenceDate">The article's publication date, or today when it is not known.</param>
public sealed record ExtractSettings(DateOnly ReferenceDate, string? Url = null, string? Publisher = null, DateOnly? Published = null);

/// <summary>One claim proposed for review: what it says, who says it, where it came from, and why it was proposed.</summary>
public sealed record ProposedClaim(
    string Id,
    string Text,
    string Speaker,
    string Quote,
    int Offset,
    IReadOnlyList<Hedge> Hedges,
    Worthiness Worthiness,
    Condition? Condition,
    IReadOnlyList<TimeBound> TimeBounds,
    TimeBound? Due,
    string? DependencyCue,
    string? ParentId,
    string? Note)
{
    /// <summary>Every proposal carries this tag, so the claims it became can be listed and reviewed together.</summary>
    public const string ExtractedTag = "extracted";

    public IReadOnlyList<string> RequiredParties => Condition?.Parties ?? [];

    public bool Pending => RequiredParties.Count > 0;

    /// <summary>The detail a PENDING claim reads, as the claims service words it.</summary>
    public string StatusDetail => Pending ? Phrasing.Awaiting(RequiredParties) : "";

    public IReadOnlyList<string> Tags => [ExtractedTag, .. Hedges.Select(h => h.Tag)];
}

/// <summary>A sentence that was not proposed, and why.</summary>
public sealed record SkippedSentence(string Text, int Offset, string Reason);

/// <summary>What <see cref="ClaimProposer.Propose"/> found in one article: the claims proposed, the sentences skipped, and the article as read.</summary>
public sealed record Proposals(IReadOnlyList<ProposedClaim> Claims, IReadOnlyList<SkippedSentence> Skipped, ArticleText Article);

/// <summary>
/// From an article to proposed claims: sentences (<see cref="SentenceSplitter"/>), each scored
/// (<see cref="CheckWorthiness"/>); a kept one gets its speaker (<see cref="Attribution"/>, named as
/// <see cref="Speakers"/> says), hedges
/// (<see cref="Hedges"/>), parties (<see cref="Conditions"/>), dates (<see cref="TimeBounds"/>) and
/// parent (<see cref="Dependencies"/>). Ids are derived from the publisher, the first words and a
/// digest of the sentence, so extracting the same article again proposes the same ids.
/// Every value is cut to the claims service's <see cref="Limits"/>, so the proposals always import.
/// </summary>
public static class ClaimProposer
{
    private const int SlugPublisher = 20;
    private const int SlugWords = 24;

    public static Proposals Propose(ArticleText article, ExtractSettings settings)
    {
        var claims = new List<ProposedClaim>();
        var skipped = new List<SkippedSentence>();
        var quotes = new HashSet<string>(StringComparer.Ordinal);
        DateOnly? lastDate = null;
        var speakers = new Speakers(article);
        var nationalities = Conditions.Nationalities(article.Text);
        foreach (var sentence in SentenceSplitter.Split(article))
        {
            var attributed = Attribution.Find(sentence.Text);
            var speaker = speakers.Name(attributed.Speaker, sentence.Offset, Attribution.IsWhollyQuoted(sentence.Text), sentence.Text);
            var bounds = TimeBounds.Find(attributed.Assertion, settings.ReferenceDate, lastDate);
            var condition = WithinLimits(Conditions.Find(attributed.Assertion, nationalities));
            var worthiness = CheckWorthiness.Of(sentence, attributed, bounds.Count > 0, condition is not null);
            if (!worthiness.Kept)
            {
                skipped.Add(new SkippedSentence(sentence.Text, sentence.Offset, worthiness.SkipReason!));
                continue;
            }

            if (!quotes.Add(sentence.Text))
            {
                skipped.Add(new SkippedSentence(sentence.Text, sentence.Offset, "repeats an earlier sentence"));
                continue;
            }

            var anchor = lastDate;
            if (bounds.Count > 0)
            {
                lastDate = bounds[^1].Date;
            }

            var cue = Dependencies.Cue(sentence.Text);
            string? parent = null;
            if (cue is not null)
            {
                var at = Dependencies.Parent(claims.Select(c => (c.Quote, c.DependencyCue is not null)).ToList());
                parent = at >= 0 ? claims[at].Id : null;
            }

            var clauses = Clauses.Split(attributed.Assertion, part =>
                TimeBounds.Due(TimeBounds.Find(part, settings.ReferenceDate, anchor)) is not null || Conditions.Find(part, nationalities) is not null);
            var whole = clauses.Count == 1;
            var at0 = sentence.Text.IndexOf(attributed.Assertion, StringComparison.Ordinal);
            for (var i = 0; i < clauses.Count; i++)
            {
                var clause = clauses[i];
                // Each part of a split sentence is quoted by its own words: from the sentence's start for the
                // first, to the sentence's end for the last, so every quote is a piece of the article.
                var quote = whole || at0 < 0 ? sentence.Text
                    : sentence.Text[(i == 0 ? 0 : at0 + clause.Offset)..(i == clauses.Count - 1 ? sentence.Text.Length : at0 + clause.End)];
                var partBounds = whole ? bounds : TimeBounds.Find(clause.Text, settings.ReferenceDate, anchor);
                var partCondition = whole ? condition : WithinLimits(Conditions.Find(clause.Text, nationalities));
                var hedges = Hedges.Find(clause.Text);
                var softening = hedges.Where(Hedges.Softens).ToList();
                var note = softening.Count == 0 ? null
                    : $"kept although hedged by {string.Join(", ", softening.Select(h => $"'{h.Words}'"))}: {string.Join(", ", worthiness.Features)}";
                claims.Add(new ProposedClaim(
                    Id(settings, whole || at0 < 0 ? sentence.Text : quote + (at0 < 0 ? $"#{i}" : "")),
                    Phrasing.Shorten(Capitalised(clause.Text.Trim()), Limits.MaxText, "…"),
                    Phrasing.Shorten(speaker, Limits.MaxSpeaker, "…"),
                    Phrasing.Shorten(quote, Limits.MaxQuote, "…"),
                    sentence.Offset + (whole || at0 < 0 || i == 0 ? 0 : at0 + clause.Offset),
                    hedges,
                    worthiness,
                    partCondition,
                    partBounds,
                    TimeBounds.Due(partBounds),
                    cue,
                    parent,
                    note));
            }
        }

        return new Proposals(claims, skipped, article);
    }

    /// <summary>"example-news-us-and-iraqi-1a2b3c4d": who published it, how it starts, and a digest that tells two sentences apart.</summary>
    internal static string Id(ExtractSettings settings, string sentence)
    {
        var source = settings.Publisher is { Length: > 0 } publisher ? publisher
            : settings.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host
            : "article";
        // Of the sentence alone, so the ids a review shows without --url are the ones --import creates.
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sentence)), 0, 4);
        var id = string.Join('-', new[] { Slug(source, SlugPublisher), Slug(sentence, SlugWords), digest }.Where(p => p.Length > 0));
        return char.IsAsciiLetterLower(id[0]) ? id : "c-" + id;
    }

    /// <summary>Lower-case ASCII words joined by '-', cut at a word boundary within <paramref name="max"/> characters.</summary>
    internal static string Slug(string text, int max)
    {
        var words = new List<string>();
        var length = 0;
        foreach (var raw in text.Normalize(NormalizationForm.FormD).Split(' ', '-', '/', '.', '\u2013', '\u2014'))
        {
            var word = new string(raw.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
            if (word.Length == 0)
            {
                continue;
            }

            if (length + word.Length + (words.Count > 0 ? 1 : 0) > max)
            {
                break;
            }

            length += word.Length + (words.Count > 0 ? 1 : 0);
            words.Add(word);
        }

        return string.Join('-', words);
    }

    private static Condition? WithinLimits(Condition? condition) => condition is null ? null
        : condition with { Parties = condition.Parties.Take(Limits.MaxParties).Select(p => Phrasing.Shorten(p, Limits.MaxParty, "…")).ToList() };

    private static string Capitalised(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..] : text;
}
