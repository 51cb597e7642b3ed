using System.Globalization;
using System.Text.Json;
using FactCheck.Extraction;

namespace FactCheck.Testing.Extraction;

/// <summary>
/// One claim a person marked in an article: the sentence it is in (by a piece of it) and what should
/// be proposed for it. <paramref name="Hedged"/>: the claim is speculation worth checking later.
/// </summary>
public sealed record LabelledClaim(string Quote, string Text, string Speaker, IReadOnlyList<string> RequiredParties, DateOnly? Due, string? Parent, bool Hedged = false);

/// <summary>One article of the labelled set (<paramref name="File"/>, its path) with its labels.</summary>
public sealed record LabelledArticle(string Name, string File, string Content, DateOnly Published, IReadOnlyList<LabelledClaim> Claims)
{
    public string Url => $"https://example.org/labelled/{Path.GetFileNameWithoutExtension(File)}";

    public const string Publisher = "Example News";

    public ExtractSettings Settings => new(Published, Url, Publisher, Published);

    public Proposals Propose() => ClaimProposer.Propose(ArticleText.Read(Content), Settings);
}

/// <summary>
/// The labelled articles of the extraction tests (tests/FactCheck.Extraction.Tests/LabelledSet,
/// docs/extraction.md), each article beside its *.labels.json. The tests, the benchmark harness and
/// anyone scoring articles of their own read them through here.
/// </summary>
public static class LabelledSet
{
    public static string Folder => Repository.File("tests", "FactCheck.Extraction.Tests", "LabelledSet");

    /// <summary>The tuning part: the articles the rules were written and tuned against.</summary>
    public static List<LabelledArticle> Load() => LoadFrom(Folder);

    /// <summary>
    /// The held-out part: articles written and labelled by someone who had not read the rules,
    /// before any rule was run on them, and never used to change them: how the rules do on text
    /// they were not written against.
    /// </summary>
    public static List<LabelledArticle> LoadHeldOut() => LoadFrom(Path.Combine(Folder, "held-out"));

    /// <summary>Every *.labels.json of <paramref name="folder"/> (not its subfolders) with its article, by file name.</summary>
    public static List<LabelledArticle> LoadFrom(string folder) =>
        Directory.GetFiles(folder, "*.labels.json").Order(StringComparer.Ordinal).Select(Read).ToList();

    private static LabelledArticle Read(string labelsPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(labelsPath));
        var root = document.RootElement;
        var article = root.GetProperty("article").GetString()!;
        var claims = root.GetProperty("claims").EnumerateArray().Select(c => new LabelledClaim(
            c.GetProperty("quote").GetString()!,
            c.GetProperty("text").GetString()!,
            c.GetProperty("speaker").GetString()!,
            c.GetProperty("requiredParties").EnumerateArray().Select(p => p.GetString()!).ToList(),
            c.GetProperty("due").GetString() is { } due ? DateOnly.Parse(due, CultureInfo.InvariantCulture) : null,
            c.GetProperty("parent").GetString(),
            c.TryGetProperty("hedged", out var hedged) && hedged.GetBoolean())).ToList();
        // Relative to the labels file: the sample facts' article is samples/articles/iraq-withdrawal.txt itself.
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(labelsPath)!, article));
        return new LabelledArticle(
            Path.GetFileName(path),
            path,
            File.ReadAllText(path),
            DateOnly.Parse(root.GetProperty("published").GetString()!, CultureInfo.InvariantCulture),
            claims);
    }
}
