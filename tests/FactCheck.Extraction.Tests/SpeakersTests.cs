namespace FactCheck.Extraction.Tests;

/// <summary>The speaker-naming rows (<see cref="Speakers"/>), each on its own, and the ones that read the article.</summary>
public sealed class SpeakersTests
{
    [Theory]
    //          speaker as attributed                                      named
    [InlineData("officials cited by the Lyon daily Le Courrier",          "officials")]
    [InlineData("Brask also",                                              "Brask")]
    [InlineData("Nordsild's plant manager, Karin Holt",                   "Karin Holt")]
    [InlineData("Halvik's mayor, Ingrid Soll",                            "Ingrid Soll")]
    [InlineData("Ana Brisk, general secretary of the Port Workers' Union", "Ana Brisk")]
    [InlineData("Fisheries Minister Aldo Brask",                          "Aldo Brask")]
    [InlineData("union chair Piet Arnason",                               "Piet Arnason")]
    [InlineData("Mayor Birte Lunde",                                      "Birte Lunde")]
    [InlineData("the Valdorian national audit office",                    "the Valdorian national audit office")]
    [InlineData("a senior EU diplomat",                                   "a senior EU diplomat")]
    [InlineData("the agreement, as reported",                             "the agreement, as reported")]
    [InlineData("Velmar Terminals Group",                                 "Velmar Terminals Group")]
    public void A_speaker_is_named_without_title_role_or_adverb(string speaker, string named) =>
        Assert.Equal(named, Speakers.Plain(speaker));

    [Fact]
    public void Every_row_has_an_example()
    {
        Assert.Equal(13, Speakers.Table.Count());
        Assert.All(Speakers.Table, r => Assert.False(string.IsNullOrWhiteSpace(r.Example)));
    }

    [Fact]
    public void Pronouns_surnames_and_roles_are_the_people_and_bodies_the_article_named_for_them()
    {
        const string text = "Dockers at Velmar will strike, the Port Workers' Union said.\n\nOlav Renn, who chairs the Lindmark Health Trust, spoke.\n\nx";
        var speakers = new Speakers(ArticleText.Read(text));
        var end = text.Length - 1;
        Assert.Equal("Olav Renn", speakers.Name("Renn", end));
        Assert.Equal("Olav Renn", speakers.Name("he", end));
        Assert.Equal("Port Workers' Union", speakers.Name("their union", end));
        Assert.Equal("Lindmark Health Trust", speakers.Name("the trust", end));
        Assert.Equal("the club", speakers.Name("the club", end));
        // Only what was named before the sentence counts.
        Assert.Equal("Renn", speakers.Name("Renn", 0));
    }

    [Fact]
    public void A_press_release_states_what_it_states_as_its_issuer()
    {
        const string text = "Oster Vale Water to build works\n\nPRESS RELEASE\n\nOSTER VALE, 4 March 2026 - Oster Vale Water today announced a plan.\n\nWe will start in June.";
        var speakers = new Speakers(ArticleText.Read(text));
        Assert.Equal("Oster Vale Water", speakers.Name(Attribution.Report, text.Length - 5));
        Assert.Equal("the report", new Speakers(ArticleText.Read(text.Replace("PRESS RELEASE", "NEWS", StringComparison.Ordinal))).Name(Attribution.Report, text.Length - 5));
    }

    [Fact]
    public void She_is_the_person_a_sentence_since_the_last_speaker_opened_on()
    {
        const string text = "The returning officer, Beate Lorenz, announced the result.\n\nAnnika Kramer, the lead candidate, has spoken to supporters.\n\nx";
        var speakers = new Speakers(ArticleText.Read(text));
        Assert.Equal("Beate Lorenz", speakers.Name("The returning officer, Beate Lorenz", 0, sentence: "The returning officer, Beate Lorenz, announced the result."));
        Assert.Equal("the report", speakers.Name(Attribution.Report, 60, sentence: "Annika Kramer, the lead candidate, has spoken to supporters."));
        Assert.Equal("Annika Kramer", speakers.Name("she", text.Length - 1));
        Assert.Equal("Annika Kramer", speakers.Name("Her modelling", text.Length - 1));
        Assert.Equal("Beate Lorenz", speakers.Name("the returning officer", text.Length - 1));
    }

    [Fact]
    public void A_statement_it_issued_is_the_subject_s_and_a_bare_statement_stays_as_named()
    {
        var speakers = new Speakers(ArticleText.Read("x"));
        Assert.Equal("Velmar Terminals Group", speakers.Name("a statement it issued on Tuesday", 0, sentence: "The operators' association, Velmar Terminals Group, has offered 4.5 percent, according to a statement it issued on Tuesday."));
        Assert.Equal("the statement", speakers.Name("the statement", 0, sentence: "Fees stay frozen, the statement said."));
    }

    [Fact]
    public void A_quote_said_by_a_named_person_with_a_role_after_is_theirs()
    {
        var found = Attribution.Find("\"Every day of disruption costs money,\" said Piotr Hale, head of the exporters' chamber, who put the losses at 25 million euros a day.");
        Assert.Equal("Piotr Hale", found.Speaker);
        Assert.Equal("quote, said speaker, role", found.Form);
    }
}
