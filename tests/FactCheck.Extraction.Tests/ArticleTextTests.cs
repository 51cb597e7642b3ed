namespace FactCheck.Extraction.Tests;

/// <summary>Reading an article (plain text and simple HTML) and cutting it into sentences.</summary>
public sealed class ArticleTextTests
{
    [Fact]
    public void Plain_text_paragraphs_are_split_into_sentences_at_their_offsets()
    {
        const string text = "Troops leave Iraq\n\nMr. Smith said the U.S. plan costs $2.5 billion. It starts\nin June! Does it work?\n\n\"We agree,\" he said. Dr. J. Doe left.";
        var sentences = SentenceSplitter.Split(ArticleText.Read(text));

        Assert.Equal(
            [
                ("Troops leave Iraq", true),
                ("Mr. Smith said the U.S. plan costs $2.5 billion.", false),
                ("It starts in June!", false),
                ("Does it work?", false),
                ("\"We agree,\" he said.", false),
                ("Dr. J. Doe left.", false),
            ],
            sentences.Select(s => (s.Text, s.IsHeading)));
        foreach (var sentence in sentences)
        {
            // The offset points at the sentence as the file has it (line breaks inside it collapsed in the text).
            Assert.Equal(sentence.Text.Split(' ')[0], text.Substring(sentence.Offset, sentence.Text.Split(' ')[0].Length));
        }
    }

    [Fact]
    public void Html_is_read_as_its_paragraphs_and_headings_without_scripts_navigation_or_entities()
    {
        const string html = """
            <!DOCTYPE html><html><head><title>Plant to close | News</title><script>var x = "Not this.";</script></head>
            <body><nav>Home. Business.</nav><article><h1>Plant to close</h1><p>The plant employs 1,400&nbsp;people &amp; closes in <b>March</b>.</p>
            <ul><li><p>Workers get six months&#8217; pay.</p></li></ul></article><footer>&copy; News</footer></body></html>
            """;
        var article = ArticleText.Read(html);

        Assert.Equal("Plant to close | News", article.Title);
        Assert.Equal(
            [("Plant to close", true), ("The plant employs 1,400 people & closes in March.", false), ("Workers get six months\u2019 pay.", false)],
            SentenceSplitter.Split(article).Select(s => (s.Text, s.IsHeading)));
        Assert.DoesNotContain("Not this", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  \n")]
    [InlineData("<html><body><script>x()</script></body></html>")]
    public void An_article_without_text_has_no_blocks(string content) =>
        Assert.Empty(ArticleText.Read(content).BlockList);
}
