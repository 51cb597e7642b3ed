using System.Text;
using System.Text.RegularExpressions;
using FactCheck.Cli.Tests.Support;

namespace FactCheck.Cli.Tests.Commands;

/// <summary>
/// The documented walk-throughs, run as written: every `$ factcheck ...` line of their ```console
/// blocks, in order, against both services in memory (fresh, as after README's first start), each
/// expected to exit 0 and to print the lines shown under it. In the shown output a line
/// "..." stands for any number of lines and "..." inside a line for any text (ids, times).
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string Start = "<!-- walkthrough:start -->";
    private const string End = "<!-- walkthrough:end -->";

    /// <summary>The full walk-through, in reading order: the tour of the sample claims, then proposing claims from an article.</summary>
    private static readonly string[] WalkthroughFiles = ["docs/walkthrough.md", "docs/extraction.md"];

    /// <summary>README's short tour, run on its own fresh services.</summary>
    private const string ReadmeFile = "README.md";

    /// <summary>One file's walk-through text between its markers, and the file line the text starts on.</summary>
    public sealed record Walkthrough(string Source, string Text, int FirstLine);

    /// <summary>The walk-through of <paramref name="file"/> (a path from the repository root), between its markers.</summary>
    public static Walkthrough Read(string file)
    {
        var text = File.ReadAllText(Repository.File(file.Split('/')));
        Assert.True(text.Contains(Start, StringComparison.Ordinal) && text.Contains(End, StringComparison.Ordinal),
            $"{file} must mark its walk-through with {Start} and {End}");
        var firstLine = text[..text.IndexOf(Start, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        return new Walkthrough(file, Between(text), firstLine);
    }

    public sealed record WalkthroughStep(int Line, string[] Args, string Command, List<string> Expected);

    public static List<WalkthroughStep> Steps(string text)
    {
        var steps = new List<WalkthroughStep>();
        var inConsole = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inConsole = !inConsole && line.Trim() == "```console";
                continue;
            }

            if (!inConsole)
            {
                continue;
            }

            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                var words = ShellWords(line[2..]);
                Assert.True(words.Count > 0 && words[0] == "factcheck", $"line {i + 1}: a console block may only run factcheck (got '{line}')");
                steps.Add(new WalkthroughStep(i + 1, words.Skip(1).ToArray(), line[2..], []));
            }
            else
            {
                Assert.True(steps.Count > 0, $"line {i + 1}: output before any command");
                steps[^1].Expected.Add(line);
            }
        }

        return steps;
    }

    [Fact]
    public async Task Every_walkthrough_command_prints_what_the_docs_show()
    {
        await RunAsync(WalkthroughFiles.Select(Read).ToList(), minimumSteps: 8);
    }

    [Fact]
    public async Task Every_command_of_the_readme_tour_prints_what_the_readme_shows()
    {
        await RunAsync([Read(ReadmeFile)], minimumSteps: 4);
    }

    /// <summary>Runs the walk-throughs' steps in order against one pair of fresh services.</summary>
    private static async Task RunAsync(IReadOnlyList<Walkthrough> walkthroughs, int minimumSteps)
    {
        var steps = walkthroughs.SelectMany(w => Steps(w.Text).Select(step => (Where: $"{w.Source}:{w.FirstLine + step.Line - 1}", Step: step))).ToList();
        var sources = string.Join(", ", walkthroughs.Select(w => w.Source));
        Assert.True(steps.Count >= minimumSteps, $"{sources}: expected the walk-through's commands, found {steps.Count}");

        // As after README's first start: matching on meaning too, as the claims service does by default.
        await using var services = new ServicePair(secured: false, claimsSettings: new Dictionary<string, string?> { ["Matching:Semantic"] = "true" });
        // Both services up before the first command, as after README's first start.
        _ = services.Claims.Server;
        _ = services.Verification.Server;
        var cli = new CliRunner(services, currentDirectory: Repository.Root);

        foreach (var (where, step) in steps)
        {
            var result = await cli.RunAsync(step.Args);
            var printed = (result.Out + result.Error).TrimEnd('\n');
            Assert.True(result.ExitCode == 0, $"{where}: `{step.Command}` exited {result.ExitCode}:\n{printed}");
            Assert.True(Matches(step.Expected, printed),
                $"{where}: `{step.Command}` printed:\n{printed}\n--- but the walk-through shows:\n{string.Join('\n', step.Expected)}");
        }
    }

    [Fact]
    public void Elisions_match_lines_and_values_but_nothing_else()
    {
        Assert.True(Matches(["a", "...", "d"], "a\nb\nc\nd"));
        Assert.True(Matches(["a", "...", "d"], "a\nd"));
        Assert.True(Matches(["id: ...", "ok"], "id: 1234\nok"));
        Assert.False(Matches(["id: ...", "ok"], "id: 1234\nnot ok"));
        Assert.False(Matches(["a", "b"], "a\nb\nc"));
        Assert.False(Matches(["a (x)"], "a (y)"));
        Assert.Equal(["claims", "add", "--text", "two words", "--x", "it's"], ShellWords("claims add --text \"two words\" --x \"it's\""));
        Assert.Equal(["a", "b c"], ShellWords("a 'b c'"));
    }

    public static bool Matches(IReadOnlyList<string> expected, string printed)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < expected.Count; i++)
        {
            var line = expected[i].TrimEnd();
            if (line == "...")
            {
                pattern.Append(@"(?:[^\n]*\n)*?");
                continue;
            }

            pattern.Append(string.Join(@"[^\n]*", line.Split("...").Select(Regex.Escape)));
            pattern.Append(i == expected.Count - 1 ? "" : @"\n");
        }

        var text = string.Join('\n', printed.Split('\n').Select(l => l.TrimEnd()));
        var regex = pattern.ToString();
        // A trailing "..." may also swallow the final line break.
        if (regex.EndsWith(@"(?:[^\n]*\n)*?", StringComparison.Ordinal))
        {
            regex += @"[^\n]*";
        }

        return Regex.IsMatch(text, regex + "$", RegexOptions.None, TimeSpan.FromSeconds(5));
    }

    /// <summary>Splits a command line the way a POSIX shell does for plain words, "double" and 'single' quotes.</summary>
    public static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        Assert.True(quote is null, $"unclosed quote in: {line}");
        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static string Between(string text)
    {
        var from = text.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var to = text.IndexOf(End, from, StringComparison.Ordinal);
        Assert.True(to > from, $"'{End}' missing after '{Start}'");
        return text[from..to];
    }
}
