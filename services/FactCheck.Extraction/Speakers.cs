using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>
/// A speaker as a fact-checker names them: a person by their name without title or role ("Aldo
/// Brask", not "Fisheries Minister Aldo Brask"), a pronoun, surname or role ("she", "Renn", "the
/// trust", "their union") by the person or body the article named for it, and in a press release
/// the issuer for what the release states itself. The rows below are applied top to bottom, each to
/// what the rows above left; the article is read once, up to each sentence, for the names.
/// </summary>
internal sealed class Speakers
{
    private const string Word = @"\p{Lu}[\p{L}'\u2019.-]*";

    /// <summary>Capitalised words that are a title or a role, not part of a name.</summary>
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "minister", "mayor", "president", "chancellor", "councillor", "senator", "governor", "secretary", "chair", "chairman",
        "chairwoman", "director", "professor", "prof", "dr", "mr", "mrs", "ms", "judge", "general", "commissioner", "leader",
        "spokesman", "spokeswoman", "spokesperson", "skipper", "chief", "executive", "officer", "manager", "captain", "coach",
        "candidate", "co-leader", "economist", "analyst", "sir", "dame", "lord", "lady", "rector", "head",
    };

    private delegate string? Rule(string speaker, Context context);

    /// <param name="Focus">A person a sentence since the last speaker opened on.</param>
    /// <param name="Subject">The name the sentence itself gives its subject in apposition, if any.</param>
    private sealed record Context(string Text, int Offset, string? Last, string? Issuer, string? Focus = null, string? Subject = null)
    {
        public IReadOnlyList<(int Offset, string[] Words)> Names { get; init; } = [];
    }

    private static readonly Regex CitedBy = Rx(@"^(?<s>.+?)\s+(?:cited|quoted)\s+(?:by|in)\s+.+$");

    private static readonly Regex Adverb = Rx(@"^(?<s>.+?)\s+(?:also|too|later|earlier|separately|again|meanwhile|for\s+(?:her|his|their|its)\s+part)$");

    private static readonly Regex RoleThenName = Rx(@"^.*\S,\s*(?<n>(?-i:" + Word + @")(?:\s+(?-i:" + Word + @")){0,3})$");

    private static readonly Regex NameThenRole = Rx(@"^(?<n>(?-i:" + Word + @")(?:\s+(?-i:" + Word + @")){1,3}),\s+.+$");

    private static readonly Regex Pronoun = Rx(@"^(?:he|she|they)$");

    private static readonly Regex PersonPronoun = Rx(@"^(?:he|she)$");

    /// <summary>"a statement it issued": "it" is the sentence's subject. A bare "the statement" is named as the article names it.</summary>
    private static readonly Regex StatementIssued = Rx(@"^(?:a|the)\s+(?:written\s+|joint\s+)?statement\s+(?:it|they)\s+(?:issued|released|published)\b.*$");

    private static readonly Regex WorkOf = Rx(@"^(?:his|her)\s+(?:modelling|modeling|research|analysis|study|figures|data|calculations|estimate|survey)$");

    private static readonly Regex Role = Rx(@"^the\s+(?<role>\p{Ll}[\p{Ll}\s-]{2,40})$");

    /// <summary>A sentence that opens on a person: "Annika Kramer, the lead candidate, has spoken ..." puts her in view for a "she" after it.</summary>
    private static readonly Regex OpensOnPerson = new(@"^(?:Dr\s+|Professor\s+)?(?<n>\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+)(?:,|\s+(?:has|had|was|is|said|says|told|cast|spoke|thanked|added)\b)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The name a sentence gives its subject in apposition: "The operators' association, Velmar Terminals Group, has ...".</summary>
    private static readonly Regex SubjectName = new(@"^[^,]{2,60},\s*(?<n>\p{Lu}[\p{L}'\u2019-]*(?:\s+\p{Lu}[\p{L}'\u2019-]*){0,3}),", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex Pronoun1st = Rx(@"^(?:we|our\s+\w+|the\s+company)$");

    private static readonly Regex RoleNoun = Rx(@"^(?:the|its|their|his|her)\s+(?<noun>\p{Ll}[\p{Ll}-]+)$");

    /// <summary>The issuer of a press release: who "today announced" at its start.</summary>
    private static readonly Regex Issuer = Rx(@"(?<n>(?-i:" + Word + @")(?:\s+(?-i:" + Word + @")){0,3})\s+(?:today\s+)?announced\b");

    private static readonly Regex PressRelease = Rx(@"\b(?:press\s+release|for\s+immediate\s+release)\b");

    private static readonly (string Rule, string Example, string Gives, Rule Apply)[] Rows =
    [
        //  rule                                  example                                           gives
        ("cited or quoted by: who was cited",    "officials cited by the Lyon daily",               "officials",
            (s, _) => Group(CitedBy, s, "s")),
        ("trailing adverb is not the speaker",   "Brask also",                                      "Brask",
            (s, _) => Group(Adverb, s, "s")),
        ("role, Name: the name",                 "Nordsild's plant manager, Karin Holt",           "Karin Holt",
            (s, _) => Group(RoleThenName, s, "n")),
        ("Name, role: the name",                 "Ana Brisk, general secretary of the union",      "Ana Brisk",
            (s, _) => Group(NameThenRole, s, "n")),
        ("title Name: the name",                 "Fisheries Minister Aldo Brask",                   "Aldo Brask",
            (s, _) => WithoutTitle(s)),
        ("he, she: the person last in view",     "she",                                             "(the last speaker, or a person the article named since)",
            (s, c) => PersonPronoun.IsMatch(s) ? c.Focus ?? c.Last : null),
        ("they: the last speaker",               "they",                                            "(the last speaker)",
            (s, c) => Pronoun.IsMatch(s) ? c.Last : null),
        ("a statement it issued: its issuer",    "a statement it issued on Tuesday",                "(the body the sentence names as its subject)",
            (s, c) => StatementIssued.IsMatch(s) ? c.Subject : null),
        ("her modelling: her",                   "Her modelling",                                   "(the person last in view)",
            (s, c) => WorkOf.IsMatch(s) ? c.Focus ?? c.Last : null),
        ("the returning officer: who holds it",  "the returning officer",                          "(Beate Lorenz, named before as 'the regional returning officer, Beate Lorenz')",
            (s, c) => Holder(s, c)),
        ("surname: the full name",               "Renn",                                            "(Olav Renn, named before)",
            (s, c) => FullName(s, c)),
        ("the trust: the body named so",         "the trust",                                       "(Lindmark Health Trust, named before)",
            (s, c) => NamedBody(s, c)),
        ("we, the release: the issuer",          "the report",                                      "(the issuer of a press release)",
            (s, c) => c.Issuer is not null && (s == Attribution.Report || Pronoun1st.IsMatch(s)) ? c.Issuer : null),
    ];

    /// <summary>A run of capitalised words: the names an article gives people and bodies.</summary>
    private static readonly Regex NameRun = new(@"(?<!\p{L})\p{Lu}[\p{L}'\u2019-]*(?:[ \t]+\p{Lu}[\p{L}'\u2019-]*){0,4}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly string _text;
    private readonly string? _issuer;

    /// <summary>Every run of capitalised words in the article with where it starts, found once for all its sentences.</summary>
    private readonly List<(int Offset, string[] Words)> _names = [];
    private string? _last;
    private string? _focus;

    public Speakers(ArticleText article)
    {
        _text = article.Text;
        _issuer = PressRelease.IsMatch(_text) && Issuer.Match(_text) is { Success: true } issuer ? issuer.Groups["n"].Value : null;
        for (var run = NameRun.Match(_text); run.Success; run = run.NextMatch())
        {
            _names.Add((run.Index, run.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    /// <summary>The speaker of the sentence at <paramref name="offset"/>, as named; remembered for a pronoun after it.</summary>
    /// <param name="continuesQuote">The sentence is a quotation without attribution: the last speaker's words go on.</param>
    /// <param name="sentence">The sentence's text: a person it opens on, or a name it gives its subject, may be what a pronoun means.</param>
    public string Name(string speaker, int offset, bool continuesQuote = false, string sentence = "")
    {
        var subject = SubjectName.Match(sentence) is { Success: true } s ? s.Groups["n"].Value : null;
        var context = new Context(_text, offset, _last, _issuer, _focus, subject) { Names = _names };
        var name = continuesQuote && speaker == Attribution.Report && _last is not null ? _last : speaker;
        foreach (var (_, _, _, apply) in Rows)
        {
            if (apply(name, context) is { Length: > 0 } applied)
            {
                name = applied;
            }
        }

        if (name != Attribution.Report && !Pronoun.IsMatch(name))
        {
            _last = name;
            _focus = null;
        }
        else if (OpensOnPerson.Match(sentence) is { Success: true } person)
        {
            _focus = person.Groups["n"].Value;
        }

        return name;
    }

    /// <summary>The rows, for tests and documentation.</summary>
    public static IEnumerable<(string Rule, string Example, string Gives)> Table => Rows.Select(r => (r.Rule, r.Example, r.Gives));

    /// <summary>Applies the rows that need no article ("Fisheries Minister Aldo Brask" → "Aldo Brask").</summary>
    public static string Plain(string speaker) => new Speakers(ArticleText.Read("")).Name(speaker, 0);

    private static string? Group(Regex pattern, string speaker, string group) =>
        pattern.Match(speaker) is { Success: true } match ? match.Groups[group].Value : null;

    /// <summary>"union chair Piet Arnason" → "Piet Arnason": the capitalised words after the last title, when one to three remain.</summary>
    private static string? WithoutTitle(string speaker)
    {
        var words = speaker.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var last = Array.FindLastIndex(words, w => Titles.Contains(w.TrimEnd('.')));
        if (last < 0 || words.Length - last - 1 is < 1 or > 3)
        {
            return null;
        }

        var name = words[(last + 1)..];
        return name.All(w => char.IsUpper(w[0])) ? string.Join(' ', name) : null;
    }

    /// <summary>"Renn" → "Olav Renn": a single capitalised word is the surname of the first person named with a first name before it.</summary>
    private static string? FullName(string speaker, Context c)
    {
        if (speaker.Length < 2 || !char.IsUpper(speaker[0]) || speaker.Contains(' ', StringComparison.Ordinal) || speaker.All(char.IsUpper))
        {
            return null;
        }

        foreach (var (offset, words) in c.Names)
        {
            if (offset >= c.Offset)
            {
                break;
            }

            for (var i = 1; i < words.Length; i++)
            {
                var first = words[i - 1];
                if (words[i] == speaker && first.Length > 1 && first.Skip(1).All(char.IsLower) && !Titles.Contains(first) && !IsSentenceWord(first))
                {
                    return $"{first} {speaker}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// "the returning officer" → "Beate Lorenz": the person the article named before with that role,
    /// in apposition ("the regional returning officer, Beate Lorenz") or as a title ("Mayor Owen Marsh").
    /// </summary>
    private static string? Holder(string speaker, Context c)
    {
        if (speaker == Attribution.Report || Role.Match(speaker) is not { Success: true } role)
        {
            return null;
        }

        var before = c.Text[..Math.Min(c.Offset, c.Text.Length)];
        var name = @"(?<n>\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,2})";
        var holder = Regex.Matches(before, @"\b(?i:" + Regex.Escape(role.Groups["role"].Value) + @")(?:,\s+|\s+)" + name + @"\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            .LastOrDefault();
        return holder?.Groups["n"].Value;
    }

    /// <summary>"the trust" → "Lindmark Health Trust": the last body named before whose name ends in the role's noun.</summary>
    private static string? NamedBody(string speaker, Context c)
    {
        if (speaker == Attribution.Report || RoleNoun.Match(speaker) is not { Success: true } role)
        {
            return null;
        }

        var noun = role.Groups["noun"].Value;
        string? Ending(string[] words)
        {
            var end = Array.FindIndex(words, 1, w => w.Equals(noun, StringComparison.OrdinalIgnoreCase) && char.IsUpper(w[0]));
            return end < 1 ? null : StripLeadingSentenceWords(string.Join(' ', words[..(end + 1)]));
        }

        var named = c.Names.Where(n => n.Offset < c.Offset).Select(n => Ending(n.Words)).LastOrDefault(n => n is not null && n.Contains(' ', StringComparison.Ordinal));
        // A lead names the body only later ("..., their union said." before "the Port Workers' Union").
        return named ?? c.Names.Select(n => Ending(n.Words)).FirstOrDefault(n => n is not null && n.Contains(' ', StringComparison.Ordinal));
    }

    /// <summary>Words that start a sentence with a capital without being a name ("The Port Workers' Union" → "Port Workers' Union").</summary>
    private static bool IsSentenceWord(string word) => word is "The" or "A" or "An" or "In" or "On" or "At" or "By" or "For" or "But" or "And" or "Under" or "After" or "When" or "Its" or "Their" or "His" or "Her";

    private static string StripLeadingSentenceWords(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && IsSentenceWord(words[0]))
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
