using System.Globalization;
using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>
/// A time phrase of a statement resolved to a date: the end of the named period ("in September
/// 2025" → 2025-09-30, "by the end of 2026" → 2026-12-31). After the reference date it is a
/// deadline (the claim's due time); on or before it, the date of a fact.
/// </summary>
public sealed record TimeBound(string Phrase, int Offset, DateOnly Date, bool IsDeadline);

/// <summary>Which way a phrase without a year points: the verbs near it say (see <see cref="Tenses"/>).</summary>
internal enum Tense
{
    Unknown,
    Past,
    Future,
}

/// <summary>
/// The time phrases a statement may carry, one row each, tried top to bottom; a phrase inside one
/// already found is not read again. A month, day or weekday without a year is placed by the tense
/// of the verb nearest to it: the next one for the future, the last one for the past, the nearest
/// one otherwise. "since 2021" starts something and bounds nothing.
/// </summary>
internal static class TimeBounds
{
    private const string Month = "(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";
    private const string Year = @"(?<year>(?:19|20)\d\d)";
    private const string Weekday = "(?<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    private const string Count = @"(?<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)";

    private delegate DateOnly? Resolve(Match match, Context context);

    /// <param name="Anchor">The date a stay "after that" counts from: the last one named before the statement.</param>
    /// <param name="Earlier">The last date named earlier in the same statement ("was due to expire on 15 December, but ... extended it for another six months").</param>
    /// <param name="AfterThat">Whether the phrase is followed by "after that", pointing back past the statement.</param>
    private sealed record Context(DateOnly Reference, DateOnly? Anchor, Tense Tense, DateOnly? Earlier = null, bool AfterThat = false);

    private const string Season = "(?<season>(?i:spring|summer|autumn|winter))";

    /// <summary>One row per phrase, each with its <see cref="RuleKeys"/> key.</summary>
    private static readonly (string Phrase, string Example, string Key, Regex Pattern, Resolve Resolve)[] Rows =
    [
        //  phrase                         example                         key, pattern, resolves to
        ("by the end of MONTH YEAR",       "by the end of March 2026",     "end", Rx(@"\b(?i:by|before|until)\s+the\s+(?i:end)\s+of\s+" + Month + @"(?:\s+" + Year + @")?\b"), (m, c) => MonthEnd(m, c)),
        ("by the end of YEAR",             "by the end of 2026",           "end", Rx(@"\b(?i:by|before|until)\s+the\s+(?i:end)\s+of\s+" + Year + @"\b"), (m, _) => YearEnd(m)),
        ("by the end of the year",         "by the end of next year",      "end", Rx(@"\b(?i:by|before|until)\s+the\s+(?i:end)\s+of\s+(?<which>(?i:the|this|next))\s+(?<unit>(?i:year|month|week))\b"), (m, c) => PeriodEnd(m.Groups["which"].Value, m.Groups["unit"].Value, c.Reference)),
        ("in (the) spring (of YEAR)",      "by next spring",               "spring|summer|autumn|winter", Rx(@"\b(?:(?<prep>(?i:by|in|before|until|during|from|since|after|through))\s+)?(?:(?<which>(?i:next|this|last|the\s+coming))\s+|(?<the>(?i:the))\s+)?" + Season + @"(?:\s+(?i:of\s+)?" + Year + @")?\b"), (m, c) => SeasonEnd(m, c)),
        ("within N months",                "within 18 months",             "within", Rx(@"\b(?i:within)\s+(?:(?i:the)\s+)?(?:(?i:next|coming)\s+)?" + Count + @"\s+(?<unit>(?i:years?|months?|weeks?|days?))\b"), (m, c) => After(c.Reference, m)),
        ("on DAY MONTH YEAR",              "on 14 September",              RuleKeys.Digit, Rx(@"\b(?<prep>(?i:on|by|until|before|of|from|since|after))?\s*(?<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + Month + @"(?:,?\s+" + Year + @")?\b"), (m, c) => Day(m, c)),
        ("on MONTH DAY, YEAR",             "on September 14, 2025",        RuleKeys.Digit, Rx(@"\b(?<prep>(?i:on|by|until|before|of|from|since|after))?\s*" + Month + @"\s+(?<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*" + Year + @")?\b"), (m, c) => Day(m, c)),
        ("in (early|mid|late) MONTH YEAR", "in early January",             "", Rx(@"\b(?<prep>(?i:in|by|until|before|during|from|since|after|through))\s+(?:(?<part>(?i:early|mid|late))[\s-]+)?" + Month + @"(?:\s+" + Year + @")?\b"), (m, c) => MonthPart(m, c)),
        ("in YEAR",                        "by 2011",                      RuleKeys.Digit, Rx(@"\b(?<prep>(?i:in|by|until|before|during|from|since|after|through))\s+" + Year + @"\b"), (m, _) => YearEnd(m)),
        ("on WEEKDAY",                     "on Monday",                    "day", Rx(@"\b(?<prep>(?i:on|by|until|before|next|last|this|from|since|and))\s+" + Weekday + @"\b"), (m, c) => WeekdayDate(m, c)),
        ("for N more years",               "for one more year after that", "for", Rx(@"\b(?i:for)\s+(?:(?i:another|a\s+further)(?:\s+" + Count + @")?|" + Count + @"\s+(?i:more|further))\s+(?<unit>(?i:years?|months?|weeks?|days?))\b"), (m, c) => Extended(m, c)),
        ("will ... for N years",           "for five years, as planned",  "for", Rx(@"\b(?i:for)\s+(?:(?i:the\s+next)\s+)?" + Count + @"\s+(?<unit>(?i:years?|months?|weeks?))\b"), (m, c) => c.Tense == Tense.Future ? After(c.Reference, m) : null),
        ("last/next/this year",            "last year",                    "year|month|week", Rx(@"\b(?<which>(?i:last|next|this))\s+(?<unit>(?i:year|month|week))\b"), (m, c) => PeriodEnd(m.Groups["which"].Value, m.Groups["unit"].Value, c.Reference)),
        ("today, tomorrow, yesterday",     "tomorrow",                     "today|tomorrow|yesterday", Rx(@"\b(?<word>(?i:today|tomorrow|yesterday))\b"), (m, c) => c.Reference.AddDays(m.Groups["word"].Value.ToUpperInvariant() switch { "TOMORROW" => 1, "YESTERDAY" => -1, _ => 0 })),
    ];

    /// <summary>
    /// Prepositions after which a date is where something starts, not a bound. "from" is not one: a
    /// change that applies "from September" is due then, and a past "from 2019" is a fact either way.
    /// </summary>
    private static readonly string[] Starts = ["since", "after"];

    /// <summary>Prepositions that point forward: "by 31 December", "until March 20" name a deadline, so the next such date is meant.</summary>
    private static readonly string[] Forward = ["by", "until", "before"];

    private static readonly Regex AfterThatFollows = Rx(@"\G\s+(?i:after\s+that|thereafter|beyond\s+that)\b");

    /// <summary>
    /// Words without which no row can match (a digit aside): most sentences name no time, and looking
    /// for these first spares them the table. A word here that is not a time ("may", "market") only costs the scan.
    /// </summary>
    private static readonly string[] TimeWords =
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "day", "tomorrow", "week", "month", "year", "spring", "summer", "autumn", "winter",
    ];

    private static bool MayNameTime(string assertion) =>
        assertion.AsSpan().IndexOfAnyInRange('0', '9') >= 0 || TimeWords.Any(w => assertion.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every time phrase of <paramref name="assertion"/>, in text order. <paramref name="anchor"/> is the last date the article named before it ("after that").</summary>
    public static List<TimeBound> Find(string assertion, DateOnly reference, DateOnly? anchor = null)
    {
        var found = new List<TimeBound>();
        if (!MayNameTime(assertion))
        {
            return found;
        }

        var taken = new List<(int Start, int End)>();
        foreach (var (_, _, key, pattern, resolve) in Rows)
        {
            if (!RuleKeys.Has(assertion, key))
            {
                continue;
            }

            foreach (Match match in pattern.Matches(assertion))
            {
                var start = match.Index + (match.Length - match.Value.TrimStart().Length);
                var end = match.Index + match.Length;
                if (taken.Any(t => start < t.End && end > t.Start))
                {
                    continue;
                }

                taken.Add((start, end));
                if (match.Groups["prep"] is { Success: true } prep && Starts.Contains(prep.Value.ToLowerInvariant()))
                {
                    continue;
                }

                var earlier = found.Where(b => b.Offset < start).OrderBy(b => b.Offset).LastOrDefault()?.Date;
                var context = new Context(reference, anchor, Tenses.Near(assertion, start), earlier, AfterThatFollows.IsMatch(assertion, end));
                if (resolve(match, context) is { } date)
                {
                    found.Add(new TimeBound(match.Value.Trim(), start, date, date > reference));
                }
            }
        }

        return found.OrderBy(b => b.Offset).ToList();
    }

    /// <summary>The claim's due time: the latest deadline it names, when it must all have happened.</summary>
    public static TimeBound? Due(IEnumerable<TimeBound> bounds) =>
        bounds.Where(b => b.IsDeadline).OrderBy(b => b.Date).LastOrDefault();

    public static IEnumerable<(string Phrase, string Example)> Table => Rows.Select(r => (r.Phrase, r.Example));


    /// <summary>"by 2030" is the end of 2030; "before 2030" the end of 2029.</summary>
    private static DateOnly? YearEnd(Match m) =>
        new DateOnly(Number(m, "year") - (m.Groups["prep"].Value.Equals("before", StringComparison.OrdinalIgnoreCase) ? 1 : 0), 12, 31);

    /// <summary>Seasons as the labelling conventions count them: spring Mar-May, summer Jun-Aug, autumn Sep-Nov, winter Dec-Feb; the end of the season meant.</summary>
    private static DateOnly? SeasonEnd(Match m, Context c)
    {
        if (!m.Groups["prep"].Success && !m.Groups["which"].Success && !m.Groups["year"].Success)
        {
            // A bare "spring" or "the spring" is as often a noun of its own ("the spring tides") as a time.
            return null;
        }

        var startMonth = m.Groups["season"].Value.ToLowerInvariant() switch
        {
            "spring" => 3,
            "summer" => 6,
            "autumn" => 9,
            _ => 12,
        };
        DateOnly StartOf(int year) => new(year, startMonth, 1);
        DateOnly EndOf(int year) => StartOf(year).AddMonths(3).AddDays(-1);
        if (m.Groups["year"].Success)
        {
            return EndOf(Number(m, "year"));
        }

        var years = new[] { c.Reference.Year - 1, c.Reference.Year, c.Reference.Year + 1, c.Reference.Year + 2 };
        var which = m.Groups["which"].Value.ToLowerInvariant();
        var tense = Forward.Contains(m.Groups["prep"].Value.ToLowerInvariant()) ? Tense.Future : c.Tense;
        return which switch
        {
            "next" or "the coming" => EndOf(years.First(y => StartOf(y) > c.Reference)),
            "last" => EndOf(years.Last(y => EndOf(y) < c.Reference)),
            "this" => EndOf(years.First(y => EndOf(y) >= new DateOnly(c.Reference.Year, 1, 1) && StartOf(y).Year == c.Reference.Year)),
            _ when tense == Tense.Past => EndOf(years.Last(y => EndOf(y) < c.Reference)),
            _ => EndOf(years.First(y => EndOf(y) >= c.Reference)),
        };
    }

    /// <summary>"within 18 months" and "for five years" from the reference date: the reference plus the count.</summary>
    private static DateOnly? After(DateOnly from, Match m)
    {
        var count = m.Groups["count"].Success ? CountValue(m.Groups["count"].Value) : 1;
        return m.Groups["unit"].Value.ToLowerInvariant().TrimEnd('s') switch
        {
            "year" => from.AddYears(count),
            "month" => from.AddMonths(count),
            "week" => from.AddDays(7 * count),
            _ => from.AddDays(count),
        };
    }

    private static DateOnly? MonthEnd(Match m, Context c)
    {
        var month = MonthNumber(m);
        var year = m.Groups["year"].Success ? Number(m, "year") : YearOf(month, c with { Tense = Tense.Future }, lastDay: true);
        return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
    }

    /// <summary>Early, mid and late stand for the first, second and last third of the month: the due time is the end of that third.</summary>
    private static DateOnly? MonthPart(Match m, Context c)
    {
        var month = MonthNumber(m);
        var year = m.Groups["year"].Success ? Number(m, "year") : YearOf(month, Forwards(m, c), lastDay: true);
        var last = DateTime.DaysInMonth(year, month);
        var day = m.Groups["part"].Value.ToLowerInvariant() switch
        {
            "early" => 10,
            "mid" => 20,
            _ => last,
        };
        return new DateOnly(year, month, day);
    }

    private static DateOnly? Day(Match m, Context c)
    {
        var month = MonthNumber(m);
        var day = Number(m, "day");
        if (day is < 1 or > 31)
        {
            return null;
        }

        if (m.Groups["year"].Success)
        {
            var given = Number(m, "year");
            return day <= DateTime.DaysInMonth(given, month) ? new DateOnly(given, month, day) : null;
        }

        var candidates = new[] { c.Reference.Year - 1, c.Reference.Year, c.Reference.Year + 1 }
            .Where(y => day <= DateTime.DaysInMonth(y, month))
            .Select(y => new DateOnly(y, month, day))
            .ToList();
        return Pick(candidates, Forwards(m, c));
    }

    /// <summary>The context with the future tense when the phrase's preposition points forward ("until March 20").</summary>
    private static Context Forwards(Match m, Context c) =>
        Forward.Contains(m.Groups["prep"].Value.ToLowerInvariant()) ? c with { Tense = Tense.Future } : c;

    private static DateOnly? WeekdayDate(Match m, Context c)
    {
        var weekday = Enum.Parse<DayOfWeek>(m.Groups["weekday"].Value, ignoreCase: true);
        var tense = m.Groups["prep"].Value.ToLowerInvariant() switch
        {
            "next" or "by" or "until" or "before" => Tense.Future,
            "last" => Tense.Past,
            _ => c.Tense,
        };
        var ahead = ((int)weekday - (int)c.Reference.DayOfWeek + 7) % 7;
        var next = c.Reference.AddDays(ahead == 0 ? 7 : ahead);
        var previous = c.Reference.AddDays(ahead == 0 ? -7 : ahead - 7);
        // A weekday told without a tense is, in news, the one just past.
        return tense == Tense.Future ? next : previous;
    }

    /// <summary>
    /// A further stay counts from the end date the statement itself names before it, or, "after that",
    /// from the date named before the statement; otherwise from the reference date.
    /// </summary>
    private static DateOnly? Extended(Match m, Context c) =>
        After(c.Earlier ?? (c.AfterThat ? c.Anchor : null) ?? c.Reference, m);

    private static DateOnly? PeriodEnd(string which, string unit, DateOnly reference)
    {
        var shift = which.ToLowerInvariant() switch
        {
            "next" => 1,
            "last" => -1,
            _ => 0,
        };
        switch (unit.ToLowerInvariant())
        {
            case "year":
                return new DateOnly(reference.Year + shift, 12, 31);
            case "month":
                var month = reference.AddMonths(shift);
                return new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            default:
                // Weeks end on Sunday.
                var sunday = reference.AddDays(((int)DayOfWeek.Sunday - (int)reference.DayOfWeek + 7) % 7);
                return sunday.AddDays(7 * shift);
        }
    }

    /// <summary>The year of a month named without one: whose end comes next for the future, whose start has passed for the past.</summary>
    private static int YearOf(int month, Context c, bool lastDay)
    {
        var candidates = new[] { c.Reference.Year - 1, c.Reference.Year, c.Reference.Year + 1 }
            .Select(y => new DateOnly(y, month, lastDay ? DateTime.DaysInMonth(y, month) : 1))
            .ToList();
        return c.Tense switch
        {
            Tense.Future => candidates.First(d => d >= c.Reference).Year,
            Tense.Past => candidates.Last(d => new DateOnly(d.Year, d.Month, 1) <= c.Reference).Year,
            _ => candidates.OrderBy(d => Math.Abs(d.DayNumber - c.Reference.DayNumber)).First().Year,
        };
    }

    private static DateOnly? Pick(List<DateOnly> candidates, Context c) => c.Tense switch
    {
        Tense.Future => candidates.FirstOrDefault(d => d >= c.Reference) is var f && f != default ? f : null,
        Tense.Past => candidates.LastOrDefault(d => d <= c.Reference) is var p && p != default ? p : null,
        _ => candidates.Count == 0 ? null : candidates.OrderBy(d => Math.Abs(d.DayNumber - c.Reference.DayNumber)).First(),
    };

    private static int MonthNumber(Match m)
    {
        var name = m.Groups["month"].Value;
        return DateTime.ParseExact(name[..3], "MMM", CultureInfo.InvariantCulture).Month;
    }

    private static int Number(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int CountValue(string word) => word.ToLowerInvariant() switch
    {
        "a" or "an" or "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        var digits => int.Parse(digits, CultureInfo.InvariantCulture),
    };

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
