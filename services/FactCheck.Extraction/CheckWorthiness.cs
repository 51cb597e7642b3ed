using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>How check-worthy a sentence is: its score, the features that gave it, and why it was skipped, if it was.</summary>
public sealed record Worthiness(int Score, IReadOnlyList<string> Features, string? SkipReason)
{
    public bool Kept => SkipReason is null;

    /// <summary>"5 (number +2, named actor +2, decision +1)".</summary>
    public string Explained => $"{Score} ({(Features.Count == 0 ? "no feature" : string.Join(", ", Features))})";
}

/// <summary>
/// Which sentences a fact-checker would check: headings, questions and fragments never; otherwise
/// the features below add up, and a sentence scoring at least <see cref="Threshold"/> is proposed.
/// A figure, a date, a named actor and a reported decision make a statement checkable; an
/// opinion ("in my view", "should", "a welcome end") makes it something to quote, not to check.
/// </summary>
internal static class CheckWorthiness
{
    public const int Threshold = 3;

    private const int ShortestClaimWords = 5;

    private static readonly Regex Number = Rx(@"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|percent|per\s+cent)\b");

    /// <summary>Actors named by what they are rather than by a name: "the government", "the works council".</summary>
    private static readonly Regex Institution = Rx(@"\b(?:government|ministry|minister|parliament|senate|council|commission|committee|court|judge|regulator|agency|authority|company|union|army|military|police|president|mayor|officials?|spokes(?:person|man|woman)|party|parties|militias?)\b");

    /// <summary>A figure with what it counts or its unit ("9,300 people", "2.2 million pounds", "4.5 percent"): a measurement to check, not a bare number.</summary>
    private static readonly Regex Quantity = Rx(@"[$\u20AC\u00A3]\s?\d|\d[\d,.]*(?:\s+(?:million|billion|thousand))?(?:\s+[\w-]+){0,2}?\s*(?:%|percent\b|per\s+cent\b|euros?\b|pounds?\b|dollars?\b|crowns?\b|people\b|jobs\b|homes\b|households\b|staff\b|workers\b|employees\b|members\b|tonnes\b|litres\b|kilometres\b|megawatts?\b|seats\b|votes\b|students\b|containers\b|vessels\b|patients\b|beds\b)");

    private static readonly Regex DateWord = Rx(@"\b(?:January|February|March|April|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:19|20)\d\d)\b");

    private static readonly Regex Decision = Rx(@"\b(?:agree|agreement|deal|accord|treaty|ceasefire|truce|announc|approv|sign|decid|decision|vot|elect|ratif|pledg|order|launch|condemn|withdr|leav|left|clos|shut|cut|scrap|ban|kill|attack|strike|deploy|exchang|regist|invest|fund|budget|pay|paid|hire|resign|appoint|arrest|rul(?:e|ing)|publish|charg|sentenc|postpon|delay|cancel|win|won|lose|lost|peak|fall|fell|rise|rose|doubl|collaps|begin|began|start|stop|end|hold|held|meet|met|field|debate|protest|stall|offer|flee|fled|call)\w*");

    private static readonly Regex Opinion = Rx(@"\b(?:in\s+(?:my|our|this\s+\w+'s)\s+view|i\s+think|i\s+believe|we\s+believe|should(?!\s+(?:be|have\s+been)\s+\w+(?:ed|en)\b)|ought\s+to|deserves?|(?:it\s+is|it's|this\s+is|that\s+is)\s+a\s+(?:\w+\s+)?(?:good|great|bad|sad|terrible|wonderful|welcome|shameful|tragic|dark|proud|happy|black)\b|\ba\s+welcome\b)");

    private static readonly (string Feature, int Weight, Func<Signals, bool> Has)[] Features =
    [
        //  feature           weight  present when
        ("number",            2,      s => Number.IsMatch(s.Assertion)),
        ("date",              2,      s => s.Dated || DateWord.IsMatch(s.Assertion)),
        ("named actor",       2,      s => s.Sentence.Split(' ').Skip(1).Any(IsName) || s.Speaker.Split(' ').Any(IsName)),
        ("institution",       1,      s => Institution.IsMatch(s.Sentence)),
        ("decision",          1,      s => Decision.IsMatch(s.Assertion)),
        ("quantity",          1,      s => Quantity.IsMatch(s.Assertion)),
        ("condition",         2,      s => s.Conditional),
        ("attributed",        1,      s => s.Speaker != Attribution.Report),
        ("opinion",           -3,     s => Opinion.IsMatch(s.Assertion)),
    ];

    private static readonly Regex NoComment = Rx(@"\b(?:declined|refused)\s+to\s+comment\b|\b(?:did|does|would)\s+not\s+(?:comment|respond|reply)\b|\bcould\s+not\s+be\s+reached\b|\bno\s+comment\b");

    private static readonly Regex UnnamedCritics = Rx(@"^(?:critics|opponents|supporters|sceptics|skeptics|detractors|some|many|others)$");

    private static readonly Regex Digit = Rx(@"\d");

    /// <summary>
    /// Words the speaker is quoted with inside reported speech: how they put it, which is theirs to say.
    /// A quotation right after the verb ("said "talks are ongoing"") is the statement itself, not a way of putting it.
    /// </summary>
    private static readonly Regex QuotedWords = Rx(@"[""\u201C][^""\u201C\u201D]{2,}[""\u201D]");

    /// <summary>
    /// Sentences skipped whatever their score: a quotation, or reported speech with quoted words, is
    /// the speaker's voice, worth checking only when it carries a figure, a date or a condition; "declined to comment" asserts nothing; what unnamed
    /// critics say is opinion.
    /// </summary>
    private static readonly (string Reason, string Example, Func<string, Attributed, bool, bool> Skips)[] Skips =
    [
        //  reason                               example
        ("quote without a figure or a date",     "\"Copper has served us for more than a hundred years,\" Vestergaard said.",
            (text, _, dated) => Attribution.IsDirectQuote(text) && !dated && !Digit.IsMatch(text)),
        ("quoted words without a figure or a date", "Renn said on Monday that the scheme was \"a funeral grant, not a plan\".",
            (text, a, dated) => a.Speaker != Attribution.Report && QuotedWords.Match(a.Assertion) is { Success: true, Index: > 0 } && !dated && !Digit.IsMatch(a.Assertion)),
        ("no comment",                           "The French finance ministry declined to comment on the merger.",
            (text, _, _) => NoComment.IsMatch(text)),
        ("opinion of unnamed critics",           "Critics say a single giant would leave 40 operators with too little choice.",
            (_, a, _) => UnnamedCritics.IsMatch(a.Speaker)),
    ];

    public static IEnumerable<(string Reason, string Example)> SkipTable => Skips.Select(s => (s.Reason, s.Example));

    /// <summary>Capitalised words that name no actor.</summary>
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "I", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    };

    private sealed record Signals(string Sentence, string Assertion, string Speaker, bool Dated, bool Conditional);

    /// <param name="dated">Whether the assertion names a time (<see cref="TimeBounds"/>).</param>
    /// <param name="conditional">Whether it waits for named parties (<see cref="Conditions"/>).</param>
    public static Worthiness Of(Sentence sentence, Attributed attributed, bool dated, bool conditional)
    {
        var text = sentence.Text.Trim();
        if (sentence.IsHeading)
        {
            return new Worthiness(0, [], "heading");
        }

        if (text.TrimEnd('"', '\'', '\u201D', '\u2019', ')').EndsWith('?'))
        {
            return new Worthiness(0, [], "question");
        }

        if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < ShortestClaimWords)
        {
            return new Worthiness(0, [], "too short to be a claim");
        }

        foreach (var (reason, _, skips) in Skips)
        {
            if (skips(text, attributed, dated || conditional))
            {
                return new Worthiness(0, [], reason);
            }
        }

        var signals = new Signals(text, attributed.Assertion, attributed.Speaker, dated, conditional);
        var present = Features.Where(f => f.Has(signals)).ToList();
        var score = present.Sum(f => f.Weight);
        var features = present.Select(f => $"{f.Feature} {(f.Weight > 0 ? "+" : "")}{f.Weight}").ToList();
        string? skip = score >= Threshold ? null
            : present.Any(f => f.Weight < 0) ? $"opinion (score {score})"
            : $"not check-worthy (score {score}, below {Threshold})";
        return new Worthiness(score, features, skip);
    }

    public static IEnumerable<(string Feature, int Weight)> Table => Features.Select(f => (f.Feature, f.Weight));

    private static bool IsName(string word)
    {
        var w = word.Trim('"', '\'', '\u201C', '\u201D', '\u2018', '\u2019', '(', ')', ',', '.', ';', ':');
        return w.Length > 1 && char.IsUpper(w[0]) && !NotNames.Contains(w) && !NotNames.Contains(w.Split('\'', '\u2019')[0]);
    }

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
