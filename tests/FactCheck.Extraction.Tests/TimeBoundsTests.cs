namespace FactCheck.Extraction.Tests;

/// <summary>The time-phrase table of <see cref="TimeBounds"/>, row by row, against one reference date (a Friday).</summary>
public sealed class TimeBoundsTests
{
    private static readonly DateOnly Reference = new(2024, 9, 6);

    [Theory]
    //          statement                                                              phrase                        date          deadline
    [InlineData("The last troops leave by the end of March 2026.",                       "by the end of March 2026",   "2026-03-31", true)]
    [InlineData("The last troops leave by the end of 2026.",                             "by the end of 2026",         "2026-12-31", true)]
    [InlineData("The report is due by the end of next year.",                            "by the end of next year",    "2025-12-31", true)]
    [InlineData("The vote will be held on 14 September.",                                "on 14 September",            "2024-09-14", true)]
    [InlineData("The vote was held on 2 September.",                                     "on 2 September",             "2024-09-02", false)]
    [InlineData("Lists must be in by 15 July 2025.",                                     "by 15 July 2025",            "2025-07-15", true)]
    [InlineData("Results will come on September 20, 2024.",                              "on September 20, 2024",      "2024-09-20", true)]
    [InlineData("Several hundred soldiers will leave in September 2025.",                "in September 2025",          "2025-09-30", true)]
    [InlineData("A strike in early January killed a commander.",                         "in early January",           "2024-01-10", false)]
    [InlineData("Prisoners are to be exchanged in early October.",                       "in early October",           "2024-10-10", true)]
    [InlineData("The parliament is expected to vote in June.",                           "in June",                    "2025-06-30", true)]
    [InlineData("In August, the two governments agreed to open a centre.",               "In August",                  "2024-08-31", false)]
    [InlineData("By 2011 the forces had withdrawn.",                                     "By 2011",                    "2011-12-31", false)]
    [InlineData("Turkey began air strikes on Monday.",                                   "on Monday",                  "2024-09-02", false)]
    [InlineData("Union leaders will meet the management on Monday.",                     "on Monday",                  "2024-09-09", true)]
    [InlineData("Trade reached $4 billion last year.",                                   "last year",                  "2023-12-31", false)]
    [InlineData("The plan takes effect next month.",                                     "next month",                 "2024-10-31", true)]
    [InlineData("A name will be chosen by next spring.",                                "by next spring",             "2025-05-31", true)]
    [InlineData("The first intake is planned for the autumn of 2027.",                  "the autumn of 2027",         "2027-11-30", true)]
    [InlineData("The board is due to decide in the autumn.",                            "in the autumn",              "2024-11-30", true)]
    [InlineData("The report was published last winter.",                                "last winter",                "2024-02-29", false)]
    [InlineData("The drive took 52 minutes in summer.",                                 "in summer",                  "2024-08-31", false)]
    [InlineData("The two will merge within 18 months.",                                 "within 18 months",           "2026-03-06", true)]
    [InlineData("The assembly must meet within 30 days of the election.",               "within 30 days",             "2024-10-06", true)]
    [InlineData("Staff would be protected from redundancies for five years.",           "for five years",             "2029-09-06", true)]
    [InlineData("The mine must close before 2030.",                                     "before 2030",                "2029-12-31", true)]
    [InlineData("The plant will move to a four-day week from October.",                 "from October",               "2024-10-31", true)]
    [InlineData("The ministry gave both sides until March 20 to agree.",                "until March 20",             "2025-03-20", true)]
    [InlineData("The cabinet was likely to approve the deal at its meeting in October.", "in October",                "2024-10-31", true)]
    public void Each_phrase_resolves_to_the_end_of_the_period_it_names(string statement, string phrase, string date, bool deadline)
    {
        var bound = Assert.Single(TimeBounds.Find(statement, Reference));
        Assert.Equal(phrase, bound.Phrase);
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), bound.Date);
        Assert.Equal(deadline, bound.IsDeadline);
    }

    [Fact]
    public void Every_row_of_the_table_reads_its_own_example()
    {
        foreach (var (row, example) in TimeBounds.Table)
        {
            var bound = Assert.Single(TimeBounds.Find("It happens " + example + ".", Reference, anchor: Reference));
            Assert.True(example.StartsWith(bound.Phrase, StringComparison.Ordinal), $"row '{row}': read '{bound.Phrase}' in '{example}'");
        }
    }

    [Theory]
    [InlineData("Militias have attacked at least 70 times since 7 October 2023.")]
    [InlineData("Energy prices have doubled since 2021.")]
    [InlineData("Tariffs fall from 12 percent to zero.")]
    [InlineData("The Civic Alliance may win the largest share of seats.")]
    [InlineData("A decision from the ministry is expected in the coming weeks.")]
    [InlineData("The regulator will rule soon.")]
    public void Starts_and_sentences_without_a_date_bound_nothing(string statement) =>
        Assert.Empty(TimeBounds.Find(statement, Reference));

    [Theory]
    [InlineData("She has worked there for 23 years.")]
    [InlineData("The battery can power 60,000 homes for two hours.")]
    [InlineData("The spring tides flooded the quay.")]
    public void Durations_in_the_past_and_bare_season_words_bound_nothing(string statement) =>
        Assert.Empty(TimeBounds.Find(statement, Reference));

    [Fact]
    public void A_further_stay_counts_from_the_end_date_the_statement_names_else_from_the_reference()
    {
        var bounds = TimeBounds.Find("The licence was due to expire on 15 December, but the board extended it for another six months.", Reference, anchor: new DateOnly(2024, 3, 31));
        Assert.Equal(new DateOnly(2025, 6, 15), TimeBounds.Due(bounds)!.Date);
        var alone = Assert.Single(TimeBounds.Find("Fees will stay frozen for another six months.", Reference, anchor: new DateOnly(2024, 3, 31)));
        Assert.Equal(new DateOnly(2025, 3, 6), alone.Date);
        var thursdayAndFriday = TimeBounds.Find("Dockworkers will strike on Thursday and Friday.", Reference);
        Assert.Equal(new DateOnly(2024, 9, 13), TimeBounds.Due(thursdayAndFriday)!.Date);
    }

    [Fact]
    public void A_stay_for_one_more_year_counts_from_the_date_named_before_it()
    {
        var bound = Assert.Single(TimeBounds.Find("Troops will remain in Erbil for one more year after that.", Reference, anchor: new DateOnly(2025, 9, 30)));
        Assert.Equal(new DateOnly(2026, 9, 30), bound.Date);
        Assert.Equal("for one more year", bound.Phrase);
    }

    [Fact]
    public void The_due_time_is_the_latest_deadline_of_the_statement()
    {
        var bounds = TimeBounds.Find("Production will stop in January, and the last line will shut down in March.", Reference);
        Assert.Equal(2, bounds.Count);
        Assert.Equal(new DateOnly(2025, 3, 31), TimeBounds.Due(bounds)!.Date);
    }
}
