namespace FactCheck.Extraction;

/// <summary>One sentence of an article, as the article has it (white space collapsed), and where it starts.</summary>
internal sealed record Sentence(string Text, int Offset, bool IsHeading);

/// <summary>
/// Cuts an article's blocks into sentences. A sentence ends at '.', '!' or '?' (and any closing
/// quote or bracket after it) followed by white space and the start of a new sentence, except after
/// the abbreviations and initials below, and inside a quotation that closes later in the paragraph
/// (a quote of two sentences is one statement with its attribution). A heading is one sentence whatever its punctuation.
/// No sentence spans two blocks.
/// </summary>
internal static class SentenceSplitter
{
    /// <summary>Words that end in a full stop without ending the sentence (compared without the stop, ignoring case).</summary>
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        // titles
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Sen", "Rep", "Gov", "Pres", "St", "Rev", "Hon", "Jr", "Sr",
        // companies and lists
        "Inc", "Ltd", "Co", "Corp", "Bros", "No", "Nos", "vs", "etc", "approx", "est", "ca", "cf", "e.g", "i.e",
        // months as news agencies shorten them
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        // places and bodies written with stops
        "U.S", "U.K", "U.N", "E.U", "U.S.A",
    };

    /// <summary>What may follow a sentence's end mark and still belong to it.</summary>
    private static readonly char[] Closers = ['"', '\'', '\u201D', '\u2019', ')', ']'];

    /// <summary>What a new sentence may start with, besides a capital letter or a digit.</summary>
    private static readonly char[] Openers = ['"', '\'', '\u201C', '\u2018', '(', '['];

    public static List<Sentence> Split(ArticleText article)
    {
        var sentences = new List<Sentence>();
        foreach (var block in article.BlockList)
        {
            if (block.IsHeading)
            {
                sentences.Add(new Sentence(Collapse(article.Text.Substring(block.Offset, block.Length)), block.Offset, true));
                continue;
            }

            SplitBlock(article.Text, block.Offset, block.Offset + block.Length, sentences);
        }

        return sentences;
    }

    private static void SplitBlock(string text, int from, int to, List<Sentence> sentences)
    {
        var start = from;
        var quoted = false;
        for (var i = from; i < to; i++)
        {
            quoted = Quoting(quoted, text[i]);
            if (text[i] is not ('.' or '!' or '?'))
            {
                continue;
            }

            var end = i + 1;
            var quotedAfter = quoted;
            while (end < to && Array.IndexOf(Closers, text[end]) >= 0)
            {
                quotedAfter = Quoting(quotedAfter, text[end]);
                end++;
            }

            if (quotedAfter && text.AsSpan(end, to - end).IndexOfAny(QuoteEnds) >= 0)
            {
                // Inside a quotation that closes later in the paragraph: "Gone. What remains is paperwork," she said.
                continue;
            }

            if (end < to && !char.IsWhiteSpace(text[end]))
            {
                // "2.5", "U.S.", "example.org": not an end.
                continue;
            }

            var next = end;
            while (next < to && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next < to && (!StartsSentence(text[next]) || (text[i] == '.' && IsAbbreviation(text, start, i))))
            {
                continue;
            }

            Add(text, start, end, sentences);
            quoted = quotedAfter;
            start = next;
            i = next - 1;
        }

        Add(text, start, to, sentences);
    }

    /// <summary>Marks that close a quotation.</summary>
    private static readonly char[] QuoteEnds = ['"', '\u201D'];

    /// <summary>Whether a quotation is open after <paramref name="c"/>: a straight quote toggles, curly ones open and close.</summary>
    private static bool Quoting(bool quoted, char c) => c switch
    {
        '"' => !quoted,
        '\u201C' => true,
        '\u201D' => false,
        _ => quoted,
    };

    private static bool StartsSentence(char c) => char.IsUpper(c) || char.IsDigit(c) || Array.IndexOf(Openers, c) >= 0;

    /// <summary>Whether the word before the stop at <paramref name="stop"/> is an abbreviation or an initial ("J.").</summary>
    private static bool IsAbbreviation(string text, int sentenceStart, int stop)
    {
        var wordStart = stop;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]) && Array.IndexOf(Openers, text[wordStart - 1]) < 0)
        {
            wordStart--;
        }

        var word = text[wordStart..stop];
        return (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.Contains(word);
    }

    private static void Add(string text, int start, int end, List<Sentence> sentences)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        if (end > start)
        {
            sentences.Add(new Sentence(Collapse(text[start..end]), start, false));
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
