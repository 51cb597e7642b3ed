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

    [Fact]
    public void A_headline_and_standfirst_without_stops_are_headings_and_list_items_blocks_of_their_own()
    {
        const string text = "Kestland to switch off its copper network\nCabinet backs plan to move 1.1 million landlines to fibre\n\nKey facts\n- Total investment of 260 million euros\n- Work begins in 2027\n\nThe plan starts\nin June.";
        var sentences = SentenceSplitter.Split(ArticleText.Read(text));
        Assert.Equal(
            [
                ("Kestland to switch off its copper network", true),
                ("Cabinet backs plan to move 1.1 million landlines to fibre", true),
                ("Key facts", true),
                ("Total investment of 260 million euros", false),
                ("Work begins in 2027", false),
                ("The plan starts in June.", false),
            ],
            sentences.Select(s => (s.Text, s.IsHeading)));
    }

    [Fact]
    public void Boilerplate_sections_and_contact_lines_of_a_release_are_not_read()
    {
        const string text = "Plant to close\n\nThe plant closes in 2027.\n\nEnds\n\nAbout Oster Vale Water\nOster Vale Water was founded in 1921.\n\nMedia contacts\npress@oster.example";
        var sentences = SentenceSplitter.Split(ArticleText.Read(text));
        Assert.Equal(["Plant to close", "The plant closes in 2027."], sentences.Select(s => s.Text));

        const string page = "Water news\n\nThe works open in 2028.\n\nAbout us\nWe are a newspaper since 1900.\n\nMore news\nThe dam opens in 2030.";
        Assert.Equal(["Water news", "The works open in 2028.", "More news", "The dam opens in 2030."], SentenceSplitter.Split(ArticleText.Read(page)).Select(s => s.Text));
    }

    [Fact]
    public void Html_page_furniture_bylines_standfirsts_captions_and_corrections_are_not_read()
    {
        const string html = """
            <html><body><div class="cookie-banner"><p>We use cookies to show you adverts.</p></div><article><h1>Merger agreed</h1>
            <p class="standfirst">Staff are promised a new name by the spring</p><p class="byline">By Nora Feld, 21 October 2025</p>
            <figure><figcaption>Students on the steps on Monday.</figcaption></figure><p>The two will merge within 18 months.</p>
            <p class="correction">This article was updated at 09:15.</p></article></body></html>
            """;
        Assert.Equal(["Merger agreed", "The two will merge within 18 months."], SentenceSplitter.Split(ArticleText.Read(html)).Select(s => s.Text));
    }

    [Fact]
    public void A_quotation_of_two_sentences_stays_one_sentence_with_its_attribution()
    {
        const string text = "\"The obstacles are gone. What remains is paperwork,\" said the diplomat. \"We agree.\" Talks end.";
        Assert.Equal(
            ["\"The obstacles are gone. What remains is paperwork,\" said the diplomat.", "\"We agree.\"", "Talks end."],
            SentenceSplitter.Split(ArticleText.Read(text)).Select(s => s.Text));
    }
}
