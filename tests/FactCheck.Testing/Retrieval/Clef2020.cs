using Microsoft.VisualBasic.FileIO;

namespace FactCheck.Testing.Retrieval;

/// <summary>One already fact-checked claim of the CLEF 2020 CheckThat! task 2 set.</summary>
public sealed record VerifiedClaim(string Id, string Text, string Title);

/// <summary>One query of the set: a tweet to find the verified claims of.</summary>
public sealed record RetrievalQuery(string Id, string Text);

/// <summary>
/// Reads the CLEF 2020 CheckThat! task 2 (English) files, which live outside the repository in
/// <c>../shared/datasets/clef2020-task2/</c> (their README says why: the data may be used, not
/// copied into the project). The .tsv files are RFC 4180 with a tab: a quoted field may hold
/// doubled quotes and line breaks, so they are read with a CSV parser, never split on lines.
/// </summary>
public static class Clef2020
{
    /// <summary>Overrides where the datasets folder is (the folder holding clef2020-task2/).</summary>
    public const string DatasetsVariable = "FACTCHECK_DATASETS";

    /// <summary>
    /// The clef2020-task2 folder: under <see cref="DatasetsVariable"/> when it is set, otherwise
    /// under the first <c>shared/datasets</c> found from the repository's folder upwards (a checkout
    /// next to <c>shared/</c>, as on the project's machines and CI, finds it wherever it is cloned).
    /// Null when there is none.
    /// </summary>
    public static string? FindFolder() => ExpectedFolder() is var folder && Directory.Exists(folder) ? folder : null;

    /// <summary>Where <see cref="FindFolder"/> looks last, or found the folder: for messages that say where to put it.</summary>
    public static string ExpectedFolder()
    {
        if (Environment.GetEnvironmentVariable(DatasetsVariable) is { Length: > 0 } datasets)
        {
            return Path.GetFullPath(Path.Combine(datasets, "clef2020-task2"));
        }

        for (var dir = new DirectoryInfo(Repository.Root); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "shared", "datasets", "clef2020-task2");
            if (Directory.Exists(folder))
            {
                return folder;
            }
        }

        return Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "datasets", "clef2020-task2"));
    }

    /// <summary>verified_claims.docs.tsv: vclaim_id, vclaim, title.</summary>
    public static IReadOnlyList<VerifiedClaim> ReadClaims(string path) =>
        ReadRows(path, 3).Select(r => new VerifiedClaim(r[0], r[1], r[2])).ToList();

    /// <summary>tweets.queries.tsv: tweet_id, tweet_content.</summary>
    public static IReadOnlyList<RetrievalQuery> ReadQueries(string path) =>
        ReadRows(path, 2).Select(r => new RetrievalQuery(r[0], r[1])).ToList();

    /// <summary>A TREC qrels file (query, 0, document, relevance; no header): each query's relevant documents.</summary>
    public static IReadOnlyDictionary<string, HashSet<string>> ReadQrels(string path)
    {
        var relevant = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4 || !int.TryParse(fields[3], out var relevance))
            {
                throw new InvalidDataException($"{path}: not a qrels line (query 0 document relevance): {line}");
            }

            if (relevance > 0)
            {
                (relevant.TryGetValue(fields[0], out var set) ? set : relevant[fields[0]] = new HashSet<string>(StringComparer.Ordinal)).Add(fields[2]);
            }
        }

        return relevant;
    }

    /// <summary>The rows after the header line, each with exactly <paramref name="columns"/> fields.</summary>
    public static IReadOnlyList<string[]> ReadTsv(TextReader text, int columns, string source)
    {
        using var parser = new TextFieldParser(text)
        {
            TextFieldType = FieldType.Delimited,
            Delimiters = ["\t"],
            HasFieldsEnclosedInQuotes = true,
            // Whitespace is part of the text (and a tab is the delimiter).
            TrimWhiteSpace = false,
        };
        var rows = new List<string[]>();
        var header = true;
        while (!parser.EndOfData)
        {
            var line = parser.LineNumber;
            var fields = parser.ReadFields() ?? [];
            if (fields.Length != columns)
            {
                throw new InvalidDataException($"{source}: the record starting on line {line} has {fields.Length} fields, not {columns}");
            }

            if (!header)
            {
                rows.Add(fields);
            }

            header = false;
        }

        return rows;
    }

    private static IReadOnlyList<string[]> ReadRows(string path, int columns)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        return ReadTsv(reader, columns, path);
    }
}
