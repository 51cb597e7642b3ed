using FactCheck.Testing;
using FactCheck.Testing.Retrieval;

namespace FactCheck.Claims.Tests.Retrieval;

/// <summary>
/// The CLEF 2020 CheckThat! files are RFC 4180 with a tab: quoted fields hold doubled quotes and
/// line breaks, and a line is not a record.
/// </summary>
public sealed class Clef2020Tests
{
    [Fact]
    public void A_quoted_field_may_hold_doubled_quotes_tabs_and_line_breaks()
    {
        const string tsv = "\tvclaim\ttitle\n"
            + "0\tPlain claim.\tPlain title\n"
            + "1\t\"A \"\"quoted\"\" claim\non two lines\twith a tab.\"\tTitle\n"
            + "2\t  Leading spaces stay.\t\"Quoted title\"\n";

        var rows = Clef2020.ReadTsv(new StringReader(tsv), 3, "test");

        Assert.Equal(3, rows.Count);
        Assert.Equal(["0", "Plain claim.", "Plain title"], rows[0]);
        Assert.Equal("1", rows[1][0]);
        Assert.Equal("A \"quoted\" claim\non two lines\twith a tab.", rows[1][1].ReplaceLineEndings("\n"));
        Assert.Equal("Title", rows[1][2]);
        Assert.Equal(["2", "  Leading spaces stay.", "Quoted title"], rows[2]);
    }

    [Fact]
    public void A_record_with_the_wrong_number_of_fields_is_refused_with_its_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => Clef2020.ReadTsv(new StringReader("\tvclaim\ttitle\n0\tonly two\n"), 3, "test"));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Qrels_map_each_query_to_its_relevant_documents()
    {
        using var folder = new TempFolder("factcheck-qrels-");
        var file = folder.File("pairs.qrels");
        File.WriteAllText(file, "0\t0\t784\t1\n730\t0\t12\t1\n730\t0\t13\t1\n9\t0\t5\t0\n\n");

        var qrels = Clef2020.ReadQrels(file);

        Assert.Equal(["784"], qrels["0"]);
        Assert.Equal(["12", "13"], qrels["730"].Order(StringComparer.Ordinal));
        Assert.False(qrels.ContainsKey("9"));
    }

    [SkippableFact]
    public void The_shared_files_read_whole_and_the_dev_qrels_name_known_claims_and_queries()
    {
        // The files live outside the repository and no installer brings them, so even CI skips
        // (saying why) rather than fails where a clone cannot see them.
        var folder = Clef2020.FindFolder();
        Skip.If(folder is null, "the CLEF 2020 files are not here: put ../shared/datasets/clef2020-task2 next to the checkout or set FACTCHECK_DATASETS");

        var claims = Clef2020.ReadClaims(Path.Combine(folder, "verified_claims.docs.tsv"));
        var queries = Clef2020.ReadQueries(Path.Combine(folder, "dev", "tweets.queries.tsv"));
        var qrels = Clef2020.ReadQrels(Path.Combine(folder, "dev", "tweet-vclaim-pairs.qrels"));

        // The counts the dataset's README gives; 14 claims span lines in the file.
        Assert.Equal(10_375, claims.Select(c => c.Id).Distinct().Count());
        Assert.Equal(14, claims.Count(c => c.Text.Contains('\n', StringComparison.Ordinal)));
        Assert.Equal(197, queries.Count);
        var known = claims.Select(c => c.Id).ToHashSet();
        Assert.All(qrels.Values.SelectMany(d => d), d => Assert.Contains(d, known));
        Assert.Equal(queries.Select(q => q.Id).Order(), qrels.Keys.Order());
    }
}
