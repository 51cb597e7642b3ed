namespace FactCheck.Extraction.Tests;

/// <summary>The extraction's rule tables, row by row: each row's example does what the row says, and a near miss does not.</summary>
public sealed class RuleTableTests
{
    [Theory]
    //          sentence                                                                                       speaker                               assertion
    [InlineData("\"It is a good day,\" the minister said.",                                                 "the minister",                       "It is a good day")]
    [InlineData("\"It is a good day,\" said the minister.",                                                 "the minister",                       "It is a good day")]
    [InlineData("Troops will leave by 2026, a US official said, adding that the timing is open.",           "a US official",                      "Troops will leave by 2026; the timing is open")]
    [InlineData("The house will debate it in September, said Marta Ilves, who chairs the committee.",       "Marta Ilves",                        "The house will debate it in September")]
    [InlineData("Opposition leader Tomas Reyne said his party would field 120 candidates.",                 "Opposition leader Tomas Reyne",      "his party would field 120 candidates")]
    [InlineData("Halvik's mayor, Ingrid Soll, said the town would ask for 50 million euros.",               "Halvik's mayor, Ingrid Soll",        "the town would ask for 50 million euros")]
    [InlineData("Turnout was 61 percent, according to the commission.",                                      "the commission",                     "Turnout was 61 percent")]
    [InlineData("According to the commission, turnout was 61 percent.",                                      "the commission",                     "turnout was 61 percent")]
    [InlineData("Quotas go by 2028, under the agreement.",                                                   "the agreement, as reported",         "Quotas go by 2028")]
    [InlineData("Under the deal, several hundred soldiers will leave.",                                      "the deal, as reported",              "Under the deal, several hundred soldiers will leave")]
    [InlineData("The last troops leave by 2026, according to the agreement.",                                "the agreement, as reported",         "The last troops leave by 2026")]
    [InlineData("Maravia will vote on 14 September, the electoral commission announced on Monday.",         "the electoral commission",           "Maravia will vote on 14 September")]
    [InlineData("The plan still needs a go-ahead from Washington and Baghdad, a US official said.",         "a US official",                      "The plan still needs a go-ahead from Washington and Baghdad")]
    [InlineData("Turkey began air strikes in northern Iraq on Monday.",                                      "the report",                         "Turkey began air strikes in northern Iraq on Monday")]
    [InlineData("The government will add 120 million crowns, Minister Hanna Vestergaard told reporters after the cabinet meeting.", "Minister Hanna Vestergaard", "The government will add 120 million crowns")]
    [InlineData("Crews will receive up to 18,000 euros each, Brask told a news conference in Tarnow.",       "Brask",                              "Crews will receive up to 18,000 euros each")]
    [InlineData("The network will close by 2028, the ministry said in a statement.",                         "the ministry",                       "The network will close by 2028")]
    [InlineData("A senior EU diplomat declared on Tuesday that the two governments had settled it.",         "A senior EU diplomat",               "the two governments had settled it")]
    [InlineData("Critics say a single giant would leave operators with too little choice.",                 "Critics",                            "a single giant would leave operators with too little choice")]
    [InlineData("\"It is a good day,\" said Ana Brisk, general secretary of the Port Workers' Union (PWU).", "Ana Brisk",                          "It is a good day")]
    public void Each_attribution_form_finds_the_speaker_and_the_assertion(string sentence, string speaker, string assertion)
    {
        var found = Attribution.Find(sentence);
        Assert.Equal(speaker, found.Speaker);
        Assert.Equal(assertion, found.Assertion);
    }

    [Fact]
    public void Every_attribution_form_is_exercised_by_its_own_example()
    {
        foreach (var (form, example) in Attribution.Table)
        {
            Assert.Equal(form, Attribution.Find(example.Replace(" ...", " the committee.", StringComparison.Ordinal)).Form);
        }
    }

    [Theory]
    //          assertion                                                                                      parties
    [InlineData("The plan still needs a final go-ahead from officials in Washington and in Baghdad",         "Washington|Baghdad")]
    [InlineData("The plan still needs a final go-ahead from officials in Washington and Baghdad",            "Washington|Baghdad")]
    [InlineData("The agreement requires ratification by the parliaments of Valdoria and Kestland before it can take effect", "Valdoria|Kestland")]
    [InlineData("The closure still needs approval from the works council and the competition authority",     "works council|competition authority")]
    [InlineData("The truce still needs the sign-off of the Front's military council and the Ostrian parliament", "Front's military council|Ostrian parliament")]
    [InlineData("The merger is subject to approval by regulators in Brussels, London and Washington",       "Brussels|London|Washington")]
    [InlineData("The closure needs approval from the works council, which meets in May",                    "works council")]
    [InlineData("The deal needs both Athens and Ankara to approve it",                                        "Athens|Ankara")]
    [InlineData("The treaty takes effect once ratified by Chile and Peru",                                    "Chile|Peru")]
    [InlineData("The deal still needs \"formal approval\" from Paris and Berlin officials before it can be announced", "Paris|Berlin")]
    [InlineData("That expansion needs sign-off by the council and, later, the state, a person said",           "council|state")]
    [InlineData("The plan still needs approval from the telecoms regulator, KTR",                             "KTR")]
    [InlineData("The takeover still needs approval from the league and from Harbor Credit, which would have to accept less", "league|Harbor Credit")]
    [InlineData("The project still requires approval of its grid connection by the national energy regulator and planning consent from Rusk County Council", "national energy regulator|Rusk County Council")]
    [InlineData("We plan to start construction in June, subject to planning permission from the regional council", "regional council")]
    [InlineData("The project still needs a permit from the national environment agency, which has not yet ruled on it", "national environment agency")]
    public void Each_condition_names_its_parties(string assertion, string parties)
    {
        var condition = Conditions.Find(assertion);
        Assert.NotNull(condition);
        Assert.Equal(parties.Split('|'), condition.Parties);
    }

    [Theory]
    [InlineData("Washington approved the plan on Monday")]
    [InlineData("The approval from Washington came in June")]
    [InlineData("Officials need more time to study the text")]
    public void A_statement_that_waits_for_nobody_has_no_condition(string assertion) =>
        Assert.Null(Conditions.Find(assertion));

    [Theory]
    //          assertion                                                             tags
    [InlineData("Approximately 2,500 troops were in Iraq",                         "approximate")]
    [InlineData("Militias attacked at least 70 times",                              "lower-bound")]
    [InlineData("The plant employed more than 6,000 people",                        "lower-bound")]
    [InlineData("Up to 300 jobs could go",                                          "upper-bound|speculative")]
    [InlineData("The presence may not be able to continue",                         "speculative")]
    [InlineData("The parliament is expected to vote in June",                       "expected")]
    [InlineData("The commander was reportedly killed",                              "unconfirmed")]
    [InlineData("Fighters will respect the truce as long as the army does",         "conditional")]
    [InlineData("The talks were about trade and subsidies",                         "")]
    public void Each_hedge_becomes_its_tag(string assertion, string tags) =>
        Assert.Equal(tags.Length == 0 ? [] : tags.Split('|'), Hedges.Find(assertion).Select(h => h.Tag));

    [Theory]
    //          sentence                                                                                    cue
    [InlineData("Under the agreement, several hundred US soldiers will leave Iraq.",                         "Under the agreement")]
    [InlineData("The last personnel leave by 2026, according to the deal.",                                  "according to the deal")]
    [InlineData("As part of the accord, tariffs fall to zero.",                                              "As part of the accord")]
    [InlineData("The treaty also provides for a joint commission.",                                          "The treaty also provides")]
    [InlineData("Under President Obama, US forces withdrew by 2011.",                                        null)]
    [InlineData("Kestland's parliament will vote on the agreement in June.",                                null)]
    public void Each_dependency_cue_is_found_and_nothing_else(string sentence, string? cue) =>
        Assert.Equal(cue, Dependencies.Cue(sentence));

    [Fact]
    public void A_dependent_claim_hangs_on_the_first_claim_that_introduced_an_agreement()
    {
        List<(string, bool)> earlier =
        [
            ("Turkey began air strikes on Monday.", false),
            ("The two sides signed a free-trade agreement on Tuesday.", false),
            ("The agreement still requires ratification by both parliaments.", false),
            ("Under the deal, tariffs fall to zero by 2027.", true),
        ];
        Assert.Equal(1, Dependencies.Parent(earlier));
        Assert.Equal(-1, Dependencies.Parent([("Turkey began air strikes on Monday.", false)]));
    }

    [Theory]
    //          sentence                                                                 heading  kept   reason starts with
    [InlineData("US and Iraq settle on a timetable",                                     true,    false, "heading")]
    [InlineData("What does the plan mean for the region?",                               false,   false, "question")]
    [InlineData("Nobody knows.",                                                          false,   false, "too short")]
    [InlineData("In my view, both parliaments should pass the deal quickly.",            false,   false, "opinion")]
    [InlineData("Voters deserve a campaign about ideas rather than personalities.",      false,   false, "opinion")]
    [InlineData("The mood among the people we met was calm and patient.",               false,   false, "not check-worthy")]
    [InlineData("About 2,500 US troops were stationed in Iraq at the time.",             false,   true,  "")]
    [InlineData("The government may offer tax relief to a buyer, the ministry said.",    false,   true,  "")]
    [InlineData("\"Copper has served us for more than a hundred years,\" Vestergaard said.", false, false, "quote without a figure or a date")]
    [InlineData("\"We will close 12 plants by 2027,\" the minister said.",                false,   true,  "")]
    [InlineData("Olav Renn said on Monday that the scheme was \"a funeral grant, not a plan\".", false, false, "quoted words without a figure or a date")]
    [InlineData("A German government spokesman said \"talks are ongoing\" and that no decision had been taken.", false, true, "")]
    [InlineData("The French finance ministry declined to comment on the merger plans.",  false,   false, "no comment")]
    [InlineData("Critics say a single giant would leave 40 operators with too little choice.", false, false, "opinion of unnamed critics")]
    [InlineData("Kesttel employs about 9,300 people.",                                   false,   true,  "")]
    [InlineData("Construction is scheduled to begin in the spring of 2026 and should be finished by 2030.", false, true, "")]
    public void Headings_questions_opinions_and_featureless_sentences_are_skipped(string text, bool heading, bool kept, string reason)
    {
        var sentence = new Sentence(text, 0, heading);
        var attributed = Attribution.Find(text);
        var worthiness = CheckWorthiness.Of(sentence, attributed, TimeBounds.Find(attributed.Assertion, new DateOnly(2024, 9, 6)).Count > 0, Conditions.Find(attributed.Assertion) is not null);
        Assert.Equal(kept, worthiness.Kept);
        if (!kept)
        {
            Assert.StartsWith(reason, worthiness.SkipReason, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(worthiness.Score >= CheckWorthiness.Threshold, worthiness.Explained);
        }
    }

    [Fact]
    public void The_score_is_the_sum_of_the_weights_of_the_features_present()
    {
        var text = "Under the agreement, several hundred US soldiers will leave Iraq in September 2025.";
        var attributed = Attribution.Find(text);
        var worthiness = CheckWorthiness.Of(new Sentence(text, 0, false), attributed, dated: true, conditional: false);
        var weights = CheckWorthiness.Table.ToDictionary(f => f.Feature, f => f.Weight);
        Assert.Equal(["number +2", "date +2", "named actor +2", "decision +1", "attributed +1"], worthiness.Features);
        Assert.Equal(weights["number"] + weights["date"] + weights["named actor"] + weights["decision"] + weights["attributed"], worthiness.Score);
    }

    [Fact]
    public void Every_skip_row_is_exercised_by_its_own_example()
    {
        foreach (var (reason, example) in CheckWorthiness.SkipTable)
        {
            var attributed = Attribution.Find(example);
            var worthiness = CheckWorthiness.Of(new Sentence(example, 0, false), attributed, TimeBounds.Find(attributed.Assertion, new DateOnly(2025, 6, 1)).Count > 0, false);
            Assert.Equal(reason, worthiness.SkipReason);
        }
    }

    [Fact]
    public void Regulators_in_both_countries_are_those_of_the_two_countries_the_article_is_about()
    {
        var nationalities = Conditions.Nationalities("Italian and Austrian rail firms agree merger. The European Commission and Italian officials ...");
        Assert.Equal(["Italian", "Austrian"], nationalities);
        var condition = Conditions.Find("The merger would be subject to approval by regulators in both countries, and by the European Commission, which is expected to open a review", nationalities);
        Assert.NotNull(condition);
        Assert.Equal(["Italian regulators", "Austrian regulators", "European Commission"], condition.Parties);
    }

    [Theory]
    //          text                                   key                        has
    [InlineData("The vote is on 14 June",               "0-9",                     true)]
    [InlineData("The vote is in June",                  "0-9",                     false)]
    [InlineData("Turnout rose, the Minister SAID.",     "said|says",               true)]
    [InlineData("Turnout rose sharply.",                "said|says",               false)]
    [InlineData("Anything at all",                      "",                        true)]
    public void A_row_is_tried_only_when_its_key_is_in_the_text(string text, string key, bool has) =>
        Assert.Equal(has, RuleKeys.Has(text, key));
}
