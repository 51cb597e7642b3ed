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
    public void Starts_and_sentences_without_a_date_bound_nothing(string statement) =>
        Assert.Empty(TimeBounds.Find(statement, Reference));

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
