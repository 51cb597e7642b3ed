using System.Diagnostics;
using System.Text;
using FactCheck.Extraction;
using FactCheck.Testing;
using FactCheck.Testing.Extraction;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario `extract`: how long `factcheck extract` takes to propose the claims of a 2,000-word
/// article, in process (no service is involved). The article is the labelled articles of the
/// extraction tests, one after the other and again until it has 2,000 words. The first runs warm
/// the JIT and the regular expressions and are not timed: a person runs the tool once per article,
/// but the start of the process is the runtime's cost, not the rules'. Then how right the
/// proposals are: scored against the labelled set's held-out part first (articles written and
/// labelled by someone who had not read the rules, never tuned on: the figures the targets are on),
/// then its tuning part.
/// </summary>
public static class ExtractArticle
{
    private const int Words = 2_000;

    public static Task RunAsync(BenchRun run)
    {
        var article = Article();
        var settings = new ExtractSettings(new DateOnly(2025, 6, 2), "https://example.org/bench/article", "Example News");
        var words = article.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var warmups = run.Options.Quick ? 2 : 10;
        var timed = run.Options.Quick ? 5 : 100;

        var firstClock = Stopwatch.StartNew();
        var claims = ClaimProposer.Propose(ArticleText.Read(article), settings).Claims.Count;
        var first = firstClock.Elapsed.TotalMilliseconds;
        for (var i = 1; i < warmups; i++)
        {
            ClaimProposer.Propose(ArticleText.Read(article), settings);
        }

        var times = new List<double>();
        for (var i = 0; i < timed; i++)
        {
            var clock = Stopwatch.StartNew();
            ClaimProposer.Propose(ArticleText.Read(article), settings);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var note = $"{words:N0} words, {claims} claims proposed; {timed} timed runs after {warmups} untimed";
        var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
        run.Report.Add("extract", "2,000-word article p50", times[times.Count / 2], "ms", note);
        run.Report.Add("extract", "2,000-word article p95", p95, "ms", note);
        run.Report.Add("extract", "2,000-word article slowest", times[^1], "ms", note + "; on a shared machine one slow run may be another process's doing");
        run.Report.Add("extract", "2,000-word article, first run", first, "ms", "cold: JIT and regular expressions built on first use");
        Console.WriteLine($"extract: {times[times.Count / 2]:0.0} ms per {words:N0}-word article (p50), p95 {p95:0.0} ms, slowest {times[^1]:0.0} ms, first {first:0.0} ms");
        Accuracy(run, "extract held-out", LabelledSet.LoadHeldOut());
        Accuracy(run, "extract tuning", LabelledSet.Load());
        return Task.CompletedTask;
    }

    private static void Accuracy(BenchRun run, string scenario, List<LabelledArticle> articles)
    {
        var score = new ExtractionScore();
        foreach (var article in articles)
        {
            score.Add(article.Name, article.Propose().Claims, article.Claims);
        }

        var of = $"{articles.Count} articles, {score.Labelled} labelled claims, {score.Proposed} proposed";
        void Add(string metric, Ratio ratio, string what) => run.Report.Add(scenario, metric, ratio.Value, "", $"{ratio.Hits} of {ratio.Total} {what}; {of}");
        Add("recall", score.Recall, "labelled claims proposed");
        Add("precision", score.Precision, "proposals labelled");
        Add("speaker exact", score.Speaker, "matched claims");
        Add("required parties exact", score.Parties, "conditional claims");
        Add("due date exact", score.Due, "time-bound claims");
        Add("parent exact", score.Parent, "dependent claims");
        Console.WriteLine($"{scenario}: {score.Figures.Replace("\n", "; ", StringComparison.Ordinal)}");
    }

    private static string Article()
    {
        var folder = LabelledSet.Folder;
        var texts = Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal)
            .Append(Repository.File("samples", "articles", "iraq-withdrawal.txt"))
            .Select(File.ReadAllText)
            .ToList();
        var builder = new StringBuilder();
        var count = 0;
        for (var i = 0; count < Words; i++)
        {
            var text = texts[i % texts.Count];
            builder.Append(text).Append("\n\n");
            count += text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return builder.ToString();
    }
}
