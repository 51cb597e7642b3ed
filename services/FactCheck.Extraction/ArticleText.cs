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
    private const string NotArticle = "script, style, noscript, template, nav, header, footer, aside, form, button, svg";

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
    /// Paragraphs are separated by blank lines. A paragraph of one short line without closing
    /// punctuation reads as a heading, as a title or crosshead does in a plain-text article.
    /// </summary>
    internal static ArticleText FromPlainText(string text)
    {
        var blocks = new List<TextBlock>();
        var start = -1;
        var lines = 0;
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
            if (line.IsWhiteSpace())
            {
                Close(position);
            }
            else
            {
                if (start < 0)
                {
                    start = position + (line.Length - line.TrimStart().Length);
                }

                lines++;
            }

            position = lineEnd + 1;
        }

        Close(text.Length);
        var title = blocks.Where(b => b.IsHeading).Select(b => text.Substring(b.Offset, b.Length)).FirstOrDefault();
        return new ArticleText(text, blocks, title);
    }

    internal static ArticleText FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(NotArticle).ToList())
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
        var title = document.Title is { Length: > 0 } t ? Collapse(t)
            : blocks.Where(b => b.IsHeading).Select(b => all.Substring(b.Offset, b.Length)).FirstOrDefault();
        return new ArticleText(all, blocks, title);
    }

    private static bool IsHeadingLine(string line)
    {
        var trimmed = line.TrimEnd();
        return trimmed.Length > 0
            && trimmed[^1] is not ('.' or '!' or '?' or ':' or ';' or ',' or '"' or '\u201D' or '\'' or '\u2019')
            && trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 16;
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
