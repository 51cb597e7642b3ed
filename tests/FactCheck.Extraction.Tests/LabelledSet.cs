using System.Text.Json;

namespace FactCheck.Extraction.Tests;

/// <summary>One claim a person marked in an article: the sentence it is in (by a piece of it) and what should be proposed for it.</summary>
public sealed record LabelledClaim(string Quote, string Text, string Speaker, IReadOnlyList<string> RequiredParties, DateOnly? Due, string? Parent);

/// <summary>One article of the labelled set with its labels.</summary>
public sealed record LabelledArticle(string Name, string Content, DateOnly Published, IReadOnlyList<LabelledClaim> Claims)
{
    public string Url => $"https://example.org/labelled/{Path.GetFileNameWithoutExtension(Name)}";

    public Proposals Propose() => ClaimProposer.Propose(ArticleText.Read(Content), new ExtractSettings(Published, Url, "Example News", Published));
}

/// <summary>The articles under LabelledSet, each with its *.labels.json, as copied beside the tests.</summary>
public static class LabelledSet
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "LabelledSet");

    /// <summary>The articles the targets are asserted on.</summary>
    public static List<LabelledArticle> Load() => LoadFrom(Folder);

    /// <summary>
    /// Articles written and labelled after the rules were last changed, and not used to change them:
    /// how the rules do on text they were not written against.
    /// </summary>
    public static List<LabelledArticle> LoadHeldOut() => LoadFrom(Path.Combine(Folder, "held-out"));

    private static List<LabelledArticle> LoadFrom(string folder) =>
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
            c.GetProperty("due").GetString() is { } due ? DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture) : null,
            c.GetProperty("parent").GetString())).ToList();
        return new LabelledArticle(
            article,
            File.ReadAllText(Path.Combine(Path.GetDirectoryName(labelsPath)!, article)),
            DateOnly.Parse(root.GetProperty("published").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            claims);
    }
}
