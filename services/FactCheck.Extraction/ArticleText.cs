using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FactCheck.Extraction;

/// <summary>One paragraph or heading of an article: where it lies in <see cref="ArticleText.Text"/>.</summary>
public readonly record struct TextBlock(int Offset, int Length, bool IsHeading);

/// <summary>
/// An article as plain text, cut into paragraphs and headings. Offsets of claims are offsets in
/// <see cref="Text"/>: for a plain-text article that is the file itself (line endings as written), for
/// HTML the readable text the page shows, one block per paragraph or heading, blocks separated by a blank line.
/// </summary>
public sealed class ArticleText
{
    /// <summary>Elements whose text a reader does not read as the article.</summary>
    private const string NotArticle = "script, style, noscript, template, nav, header, footer, aside, form, button, svg, figcaption";

    /// <summary>
    /// Class or id words of page furniture inside the article: the byline, the standfirst that repeats
    /// the body, captions and credits, a correction note, cookie banners, newsletter and "read more" boxes.
    /// </summary>
    private static readonly Regex FurnitureClass = new(
        @"(?:^|[\s_-])(?:byline|standfirst|kicker|caption|credit|correction|cookie|consent|newsletter|related|read-more|readmore|breadcrumb|share|promo|advert|subscribe)(?:$|[\s_-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>
    /// Headings of the sections a press release or web page ends with, which are boilerplate, not news:
    /// what follows them up to the next other heading is not read.
    /// </summary>
    private static readonly Regex FurnitureHeading = new(
        @"^(?:about\s+(?:us|\p{Lu}.*)|notes?\s+to\s+editors?|(?:media|press)\s+contacts?|contacts?|for\s+more\s+information.*|ends|-?\s*ends\s*-?|related(?:\s+\w+)?|read\s+more|more\s+on\s+this\s+story|follow\s+us.*|share\b.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>A line that is only a way to reach someone: an e-mail address, a handle, a phone number.</summary>
    private static readonly Regex ContactLine = new(
        @"[\w.-]+@[\w-]+\.\w|(?:^|\s)@\w+|\+\d[\d ]{6,}",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>Elements that hold the article's text, each one block.</summary>
    private const string Blocks = "h1, h2, h3, h4, h5, h6, p, li, blockquote, figcaption, pre, dd, dt, td";

    private ArticleText(string text, IReadOnlyList<TextBlock> blocks, string? title)
    {
        Text = text;
        BlockList = blocks;
        Title = title;
    }

    public string Text { get; }

    public IReadOnlyList<TextBlock> BlockList { get; }

    /// <summary>The page's title, or the article's first heading; null when it has neither.</summary>
    public string? Title { get; }

    /// <summary>Reads plain text, or simple HTML when the content starts like markup.</summary>
    public static ArticleText Read(string content) => LooksLikeHtml(content) ? FromHtml(content) : FromPlainText(content);

    internal static bool LooksLikeHtml(string content)
    {
        var start = content.AsSpan().TrimStart();
        return start.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || (start.StartsWith("<", StringComparison.Ordinal) && content.Contains("</", StringComparison.Ordinal));
    }

    /// <summary>
    /// Paragraphs are separated by blank lines. A line without closing punctuation followed by a line
    /// that starts like a new sentence ends its paragraph: a headline is not glued to its standfirst,
    /// nor a crosshead to its first sentence ("It starts\nin June." is one wrapped sentence). Such a
    /// short line reads as a heading; a list item ("- ...") is a paragraph of its own. Boilerplate
    /// sections (see <see cref="FurnitureHeading"/>) and contact lines are left out.
    /// </summary>
    internal static ArticleText FromPlainText(string text)
    {
        var blocks = new List<TextBlock>();
        var start = -1;
        var lines = 0;
        var lastLineOpen = false;
        var position = 0;
        void Close(int end)
        {
            if (start < 0)
            {
                return;
            }

            var trimmedEnd = end;
            while (trimmedEnd > start && char.IsWhiteSpace(text[trimmedEnd - 1]))
            {
                trimmedEnd--;
            }

            var block = text[start..trimmedEnd];
            blocks.Add(new TextBlock(start, trimmedEnd - start, lines == 1 && IsHeadingLine(block)));
            start = -1;
            lines = 0;
        }

        while (position <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var line = text.AsSpan(position, lineEnd - position);
            var trimmed = line.Trim();
            if (trimmed.IsEmpty)
            {
                Close(position);
            }
            else
            {
                var indent = line.Length - line.TrimStart().Length;
                var bullet = BulletLength(trimmed);
                if (bullet > 0 || (start >= 0 && lastLineOpen && StartsLikeSentence(trimmed[0])))
                {
                    Close(position);
                }

                if (start < 0)
                {
                    start = position + indent + bullet;
                }

                lines++;
                lastLineOpen = IsOpenLine(trimmed);
                if (bullet > 0)
                {
                    // A list item is never a heading, whatever its punctuation.
                    Close(lineEnd);
                    blocks[^1] = blocks[^1] with { IsHeading = false };
                }
            }

            position = lineEnd + 1;
        }

        Close(text.Length);
        var read = WithoutFurniture(blocks, b => text.Substring(b.Offset, b.Length));
        var title = read.Where(b => b.IsHeading).Select(b => text.Substring(b.Offset, b.Length)).FirstOrDefault();
        return new ArticleText(text, read, title);
    }

    /// <summary>
    /// The blocks a reader reads as the article: a furniture heading ("About X", "Media contacts")
    /// starts boilerplate that lasts to the next other heading; "Ends" and "Notes to editors" end the
    /// release, so everything after them is boilerplate. A contact line is left out wherever it is.
    /// </summary>
    private static List<TextBlock> WithoutFurniture(List<TextBlock> blocks, Func<TextBlock, string> textOf)
    {
        var kept = new List<TextBlock>();
        var inFurniture = false;
        var ended = false;
        foreach (var block in blocks)
        {
            var text = textOf(block).Trim();
            if (block.IsHeading)
            {
                var furniture = FurnitureHeading.IsMatch(text);
                ended |= Regex.IsMatch(text, @"^(?:-?\s*ends\s*-?|notes?\s+to\s+editors?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                inFurniture = furniture || ended;
            }

            if (!inFurniture && !ContactLine.IsMatch(text))
            {
                kept.Add(block);
            }
        }

        return kept;
    }

    /// <summary>The length of a list item's marker ("- ", "• ", "* "), 0 when the line is not one.</summary>
    private static int BulletLength(ReadOnlySpan<char> line) =>
        line.Length > 2 && line[0] is '-' or '\u2022' or '*' or '\u2013' && line[1] == ' ' ? 2 : 0;

    private static bool StartsLikeSentence(char c) => char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\u201C' or '\'' or '\u2018';

    /// <summary>Whether a line ends without the punctuation that closes or continues a sentence.</summary>
    private static bool IsOpenLine(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] is not ('.' or '!' or '?' or ':' or ';' or ',' or '"' or '\u201D' or '\'' or '\u2019' or ')');

    internal static ArticleText FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(NotArticle).ToList())
        {
            element.Remove();
        }

        foreach (var element in document.QuerySelectorAll("[class], [id]").Where(IsFurniture).ToList())
        {
            element.Remove();
        }

        var root = (IElement?)document.QuerySelector("article") ?? document.QuerySelector("main") ?? document.Body ?? document.DocumentElement;
        var builder = new System.Text.StringBuilder();
        var blocks = new List<TextBlock>();
        // A block inside another block (a <p> in an <li>) is read once, as part of the outer one.
        foreach (var element in root.QuerySelectorAll(Blocks).Where(e => !e.Ancestors<IElement>().Any(a => a.Matches(Blocks))))
        {
            var text = Collapse(element.TextContent);
            if (text.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append("\n\n");
            }

            var isHeading = element.LocalName is ['h', >= '1' and <= '6'];
            blocks.Add(new TextBlock(builder.Length, text.Length, isHeading));
            builder.Append(text);
        }

        if (blocks.Count == 0 && Collapse(root.TextContent) is { Length: > 0 } bare)
        {
            // Markup without paragraphs: the text as one block.
            blocks.Add(new TextBlock(0, bare.Length, false));
            builder.Append(bare);
        }

        var all = builder.ToString();
        blocks = WithoutFurniture(blocks, b => all.Substring(b.Offset, b.Length));
        var title = document.Title is { Length: > 0 } t ? Collapse(t)
            : blocks.Where(b => b.IsHeading).Select(b => all.Substring(b.Offset, b.Length)).FirstOrDefault();
        return new ArticleText(all, blocks, title);
    }

    /// <summary>The longest line read as a heading: a headline or a standfirst of two clauses.</summary>
    private const int HeadingWords = 40;

    private static bool IsHeadingLine(string line)
    {
        var trimmed = line.TrimEnd();
        return IsOpenLine(trimmed)
            && trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= HeadingWords;
    }

    private static bool IsFurniture(IElement element) =>
        FurnitureClass.IsMatch(element.ClassName ?? "") || FurnitureClass.IsMatch(element.Id ?? "");

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
