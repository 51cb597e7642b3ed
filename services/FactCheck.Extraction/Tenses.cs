namespace FactCheck.Extraction;

/// <summary>
/// Whether the verb nearest to a position in a statement speaks of the future or the past, for a
/// time phrase that names no year ("in June", "on Monday"). The words of each column below are
/// cues; the nearest cue decides, one before the phrase winning a tie.
/// </summary>
internal static class Tenses
{
    /// <summary>Words that put what follows in the future ("will", "is expected to", "takes effect").</summary>
    private static readonly HashSet<string> Future = new(StringComparer.OrdinalIgnoreCase)
    {
        "will", "shall", "would", "must", "expected", "expects", "scheduled", "planned", "plans", "aims", "intends",
        "starts", "begins", "opens", "ends", "deadline", "needs", "'ll", "due", "upcoming", "next",
    };

    /// <summary>Words that are future only before a given next word ("is to", "set to", "takes effect").</summary>
    private static readonly (string Word, string Next)[] FutureBefore =
    [
        ("is", "to"), ("are", "to"), ("likely", "to"), ("set", "to"), ("going", "to"), ("takes", "effect"), ("take", "effect"), ("comes", "into"), ("come", "into"),
    ];

    /// <summary>Past forms that do not end in -ed.</summary>
    private static readonly HashSet<string> Past = new(StringComparer.OrdinalIgnoreCase)
    {
        "was", "were", "had", "has", "have", "did", "ago", "last", "yesterday",
        "began", "held", "met", "took", "left", "fell", "rose", "won", "lost", "sent", "came", "went", "made", "gave", "saw",
        "broke", "struck", "spent", "paid", "grew", "led", "built", "fought", "flew", "ran", "became", "said", "told", "knew", "thought",
    };

    /// <summary>Words before a past form that make it a passive or an infinitive, not a past ("to be exchanged", "will be held").</summary>
    private static readonly HashSet<string> NotPastBefore = new(StringComparer.OrdinalIgnoreCase) { "be", "been", "being", "to", "will", "would", "is", "are" };

    public static Tense Near(string text, int position)
    {
        var words = Words(text);
        var best = (Distance: int.MaxValue, Tense: Tense.Unknown);
        for (var i = 0; i < words.Count; i++)
        {
            var tense = Cue(words, i);
            if (tense == Tense.Unknown)
            {
                continue;
            }

            var (start, end, _) = words[i];
            // Ties go to the cue before the phrase: "will leave in June and return" reads from the left.
            var distance = end <= position ? (position - end) * 2 : (start - position) * 2 + 1;
            if (distance < best.Distance)
            {
                best = (distance, tense);
            }
        }

        return best.Tense;
    }

    private static Tense Cue(List<(int Start, int End, string Word)> words, int i)
    {
        var word = words[i].Word;
        var next = i + 1 < words.Count ? words[i + 1].Word : "";
        var previous = i > 0 ? words[i - 1].Word : "";
        if (Future.Contains(word) || FutureBefore.Any(f => f.Word.Equals(word, StringComparison.OrdinalIgnoreCase) && f.Next.Equals(next, StringComparison.OrdinalIgnoreCase)))
        {
            return Tense.Future;
        }

        var pastForm = Past.Contains(word) || (word.Length > 4 && word.EndsWith("ed", StringComparison.OrdinalIgnoreCase));
        // "staffed by a paramedic": an -ed form before "by" is a passive participle describing something, not a past event.
        var participle = !Past.Contains(word) && next.Equals("by", StringComparison.OrdinalIgnoreCase);
        return pastForm && !participle && !NotPastBefore.Contains(previous) ? Tense.Past : Tense.Unknown;
    }

    private static List<(int Start, int End, string Word)> Words(string text)
    {
        var words = new List<(int, int, string)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]) && text[i] != '\'')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || text[i] is '\'' or '-'))
            {
                i++;
            }

            words.Add((start, i, text[start..i]));
        }

        return words;
    }
}
