using System.Text.RegularExpressions;

namespace FactCheck.Extraction;

/// <summary>One separately checkable part of a statement: its text as a claim, and where its words start and end in the statement.</summary>
internal sealed record Clause(string Text, int Offset, int End);

/// <summary>
/// A statement that carries two commitments, each with its own deadline or condition ("the first
/// plant closes in March 2027, and the last one by the end of 2028"), is two claims. It is cut at the
/// joints below; the cut is kept only when every part names a time or waits for someone, so a
/// sentence whose second half only adds colour ("..., and it will be the first works to ...") stays whole.
/// </summary>
internal static class Clauses
{
    private static readonly (string Joint, string Example, Regex Pattern, JointKind Kind)[] Joints =
    [
        //  joint                                   example
        ("A, and (that) B",                        "the first ones in March 2027, and the last one by the end of 2028",
            Rx(@",\s+and\s+(?:that\s+)?"), JointKind.Coordinate),
        ("A; B",                                   "pay by 31 December; repay the loan within 18 months",
            Rx(@";\s+"), JointKind.Coordinate),
        ("until DATE to A and until DATE to B",    "until March 20 to agree on a mediator and until April 30 to settle",
            Rx(@"\s+and\s+(?=(?:until|by|before|within)\s+\S+(?:\s+\S+)?\s+to\s+)"), JointKind.SharedStart),
        ("X, which will B",                        "approval from the authority, which will publish its decision in the autumn",
            Rx(@",\s+which\s+(?=(?:will|is\s+expected\s+to|are\s+expected\s+to|is\s+due\s+to|is\s+set\s+to|plans\s+to)\b)"), JointKind.Relative),
    ];

    private enum JointKind
    {
        /// <summary>Two clauses side by side: each part reads on its own.</summary>
        Coordinate,

        /// <summary>Two time phrases of one verb: the second part takes the first's words before its time phrase.</summary>
        SharedStart,

        /// <summary>A relative clause on the last name of the first part: "which" is that name.</summary>
        Relative,
    }

    /// <summary>The name a relative clause is about: the last noun phrase after a preposition, or the part's subject.</summary>
    private static readonly Regex Antecedent = Rx(@"(?:from|by|of|to|with)\s+(?<np>[^,]+?)$");

    /// <summary>
    /// The clauses of <paramref name="assertion"/> when it carries two or more separately checkable
    /// commitments, each with a time or a condition (<paramref name="checkable"/> says); else the assertion whole.
    /// </summary>
    public static List<Clause> Split(string assertion, Func<string, bool> checkable)
    {
        foreach (var (_, _, pattern, kind) in Joints)
        {
            var matches = pattern.Matches(assertion);
            if (matches.Count == 0)
            {
                continue;
            }

            var clauses = new List<Clause>();
            var start = 0;
            foreach (Match joint in matches)
            {
                clauses.Add(new Clause(assertion[start..joint.Index], start, joint.Index));
                start = joint.Index + joint.Length;
            }

            clauses.Add(new Clause(assertion[start..], start, assertion.Length));
            if (clauses.Any(c => !checkable(c.Text)))
            {
                continue;
            }

            return kind switch
            {
                JointKind.SharedStart => clauses.Select((c, i) => i == 0 ? c : c with { Text = SharedStart(clauses[0].Text, c.Text) }).ToList(),
                JointKind.Relative => clauses.Select((c, i) => i == 0 ? c : c with { Text = Relative(clauses[i - 1].Text, c.Text) }).ToList(),
                _ => clauses,
            };
        }

        return [new Clause(assertion, 0, assertion.Length)];
    }

    public static IEnumerable<(string Joint, string Example)> Table => Joints.Select(j => (j.Joint, j.Example));

    /// <summary>"The ministry gave both sides until March 20 to agree" + "until April 30 to settle" → "The ministry gave both sides until April 30 to settle".</summary>
    private static string SharedStart(string first, string second)
    {
        var at = Regex.Match(first, @"\s(?:until|by|before|within)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return at.Success ? first[..(at.Index + 1)] + second : second;
    }

    /// <summary>"approval from the Water Services Authority" + "will publish ..." → "the Water Services Authority will publish ...".</summary>
    private static string Relative(string first, string second) =>
        Antecedent.Match(first) is { Success: true } name ? $"{name.Groups["np"].Value} {second}" : second;

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
