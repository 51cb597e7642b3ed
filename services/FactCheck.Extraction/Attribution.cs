using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>Who a sentence attributes its assertion to, and the assertion with the attribution taken out.</summary>
internal sealed record Attributed(string Speaker, string Assertion, string Form);

/// <summary>
/// Finds the attribution of a sentence: the forms below, tried top to bottom, the first that
/// matches decides. A sentence none matches is the report's own statement. A speaker that is one
/// of the agreements of <see cref="Dependencies"/> ("according to the deal") is that text, as reported.
/// </summary>
internal static class Attribution
{
    /// <summary>The speaker of a sentence that names none: the article itself.</summary>
    public const string Report = "the report";

    private const string Verb = @"(?:said|says|say|told\s+reporters|told\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:conference|hearing|meeting|briefing|committee|audience)|told\s+\p{Lu}\w+|announced|added|stated|confirmed|reported|estimates|estimated|warned|insisted|claimed|noted|explained|argued|wrote|declared|predicted|acknowledged|admitted|conceded)";
    private const string LeadVerb = @"(?:said|says|say|told\s+reporters|told\s+\p{Lu}\w+|announced|stated|confirmed|warned|insisted|claimed|argued|estimates|estimated|suggests?|declared|predicted|acknowledged|admitted|conceded|expects|promised|pledged)";

    /// <summary>"on Monday" after the verb dates the saying, not the assertion.</summary>
    private const string When = @"(?:\s+(?:on|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|\s+(?:last|this)\s+week|\s+(?:yesterday|today))?(?:\s+in\s+a\s+(?:written\s+|joint\s+)?(?:statement|letter|report|interview))?";

    /// <summary>Where or when a trailing attribution was made: "told reporters after the cabinet meeting", "told a hearing in parliament in May".</summary>
    private const string Occasion = @"(?:\s+(?:at|after|during|in)\s+[^,;""\u201C\u201D]{2,50}?)?";

    /// <summary>
    /// A speaker: a short phrase, possibly with one apposition ("Halvik's mayor, Ingrid Soll"), that
    /// neither starts like a clause ("but the plan") nor holds a verb of its own ("the plan still needs").
    /// </summary>
    private const string Speaker = @"(?<s>(?!(?:but|and|or|which|who|while|that|as|because|after|before|if|when|so)\b)(?:(?!\b(?:will|would|has|have|had|is|are|was|were|needs?|must|can|could|may|might)\b)[^,;""\u201C\u201D]){2,80}?(?:,\s*(?:(?!\b(?:will|would|has|have|had|is|are|was|were)\b)[^,;""\u201C\u201D]){2,60}?,)?)";

    /// <summary>The <see cref="RuleKeys"/> key of the forms with a verb of saying: one of these words is in every such sentence.</summary>
    private const string SayingKey = "said|say|told|announced|added|stated|confirmed|reported|estimate|warned|insisted|claimed|noted|explained|argued|wrote|declared|predicted|acknowledged|admitted|conceded|suggest|expects|promised|pledged";

    private static readonly (string Form, string Example, string Key, Regex Pattern)[] Forms =
    [
        //  form                       example, key, pattern
        ("quote, speaker said",        "\"It is a good day,\" the minister said.",
            SayingKey, Rx(@"^[""\u201C](?<a>.+?)[,.!?]?[""\u201D]\s*,?\s+" + Speaker + @"\s+" + Verb + When + @"\s*\.?$")),
        ("quote, said speaker",        "\"It is a good day,\" said the minister.",
            "said|says|added", Rx(@"^[""\u201C](?<a>.+?)[,.!?]?[""\u201D]\s*,?\s+(?:said|says|added)\s+" + Speaker + @"\.?$")),
        ("quote, said speaker, role",  "\"It is a good day,\" said Ana Brisk, head of the union, who called the strike.",
            "said|says|added", Rx(@"^[""\u201C](?<a>.+?)[,.!?]?[""\u201D]\s*,?\s+(?:said|says|added)\s+(?<s>\p{Lu}[\p{L}'\u2019.-]*(?:\s+\p{Lu}[\p{L}'\u2019.-]*){0,3}),\s+[^""\u201C\u201D]+?\.?$")),
        ("assertion, speaker said",    "Troops will leave by 2026, a US official said, adding that ...",
            SayingKey, Rx(@"^(?<a>.+?),\s+" + Speaker + @"\s+" + Verb + When + Occasion + @"(?<rest>,\s+.+?)?\s*\.?$")),
        ("assertion, said speaker",    "The house will debate it in September, said Marta Ilves, who chairs ...",
            "said|says|added|announced", Rx(@"^(?<a>.+?),\s+(?:said|says|added|announced)\s+" + Speaker + @"(?:,\s+(?:who|which|the|a|an)\s+[^,]+?)?\s*\.?$")),
        ("speaker said assertion",     "Opposition leader Tomas Reyne said his party would ...",
            SayingKey, Rx(@"^" + Speaker + @"\s+" + LeadVerb + When + @"(?:\s+that)?\s+(?<a>.+?)\.?$")),
        ("assertion, according to",    "Turnout was 61 percent, according to the commission.",
            "according", Rx(@"^(?<a>.+?),?\s+according\s+to\s+(?<s>[^,;]{2,80}?)\.?$")),
        ("according to, assertion",    "According to the commission, turnout was 61 percent.",
            "according", Rx(@"^According\s+to\s+(?<s>[^,;]{2,80}?),\s+(?<a>.+?)\.?$")),
        ("assertion, under the deal",  "Quotas go by 2028, under the agreement.",
            "under|as part of", Rx(@"^(?<a>.+?),\s+(?:under|as\s+part\s+of)\s+(?<s>the\s+" + Dependencies.NounPattern + @")\s*\.?$")),
        ("under the deal, assertion",  "Under the agreement, several hundred soldiers will leave.",
            "under|as part of", Rx(@"^(?:Under|As\s+part\s+of)\s+(?<s>the\s+" + Dependencies.NounPattern + @"),\s+(?<b>.+?)\.?$")),
    ];

    /// <summary>How the clause after a trailing attribution joins the assertion again.</summary>
    private static readonly (Regex Pattern, string Replacement)[] Rejoins =
    [
        (Rx(@"^,\s+adding\s+(?:that\s+)?"), "; "),
        (Rx(@"^,\s+"), ", "),
    ];

    public static Attributed Find(string sentence)
    {
        var text = sentence.Trim();
        foreach (var (form, _, key, pattern) in Forms)
        {
            if (!RuleKeys.Has(text, key))
            {
                continue;
            }

            var match = pattern.Match(text);
            if (!match.Success)
            {
                continue;
            }

            var speaker = Speakers(match.Groups["s"].Value);
            var assertion = match.Groups["b"].Success
                ? text.TrimEnd('.')
                : match.Groups["a"].Value + Rejoin(match.Groups["rest"].Value);
            return new Attributed(speaker, Tidy(assertion), form);
        }

        return new Attributed(Report, Tidy(text), "the report's own");
    }

    /// <summary>A sentence that is a direct quotation, attributed or not: it opens with a quote mark, or gives the quote after "said:".</summary>
    private static readonly Regex DirectQuote = Rx(@"^[""\u201C]|\b(?:said|says|added|told\s+\w+)\s*[:,]\s*[""\u201C]");

    /// <summary>A sentence that is nothing but a quotation, with no attribution of its own: it continues the last speaker's words.</summary>
    private static readonly Regex WhollyQuoted = Rx(@"^[""\u201C][^""\u201C\u201D]+[""\u201D]$");

    public static bool IsDirectQuote(string sentence) => DirectQuote.IsMatch(sentence.Trim());

    public static bool IsWhollyQuoted(string sentence) => WhollyQuoted.IsMatch(sentence.Trim());

    /// <summary>The form table, for tests and documentation: each form's name and example.</summary>
    public static IEnumerable<(string Form, string Example)> Table => Forms.Select(f => (f.Form, f.Example));

    private static string Speakers(string speaker)
    {
        var s = speaker.Trim().TrimEnd(',');
        return Dependencies.IsAgreement(s) ? $"{s}, as reported" : s;
    }

    private static string Rejoin(string rest)
    {
        foreach (var (pattern, replacement) in Rejoins)
        {
            if (pattern.IsMatch(rest))
            {
                return pattern.Replace(rest, replacement, 1).TrimEnd('.');
            }
        }

        return "";
    }

    private static string Tidy(string assertion) => assertion.Trim().TrimEnd('.', ',', ';').Trim();

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
