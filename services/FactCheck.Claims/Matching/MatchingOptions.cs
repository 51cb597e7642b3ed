using FactCheck.Domain.Matching;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Matching;

/// <summary>
/// How the claims service matches similar claims, from the configuration section <c>Matching</c>
/// (<c>Matching__Semantic=false</c>): on words (the full-text index) and on meaning (sentence
/// embeddings made on this machine by the model the service ships with), how many candidates each
/// side proposes, and how much of the machine the background indexer may use.
/// </summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>Match on meaning: load the sentence-embedding model (about 300 MB of memory) and index every claim in the background.</summary>
    public bool Semantic { get; set; } = true;

    /// <summary>Match on shared words through the store's full-text index.</summary>
    public bool Lexical { get; set; } = true;

    /// <summary>How many candidates each list proposes before they are fused and scored; the score was fitted on lists of <see cref="MatchRanking.Candidates"/>.</summary>
    public int Candidates { get; set; } = MatchRanking.Candidates;

    /// <summary>How many claims the indexer embeds at once: a query waits for at most one such batch.</summary>
    public int IndexBatchSize { get; set; } = 8;

    /// <summary>How many threads the model may use: at most this many cores go to embedding, so reads and writes keep theirs.</summary>
    public int IndexThreads { get; set; } = 1;
}

/// <summary>Refuses start-up with matching settings that cannot work, naming the setting.</summary>
public sealed class MatchingOptionsValidator : IValidateOptions<MatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, MatchingOptions options)
    {
        var problems = new List<string>();
        if (!options.Semantic && !options.Lexical)
        {
            problems.Add($"{MatchingOptions.Section}:{nameof(MatchingOptions.Semantic)} and {MatchingOptions.Section}:{nameof(MatchingOptions.Lexical)} are both false: matching needs at least one of them");
        }

        if (options.Candidates is < 1 or > 1000)
        {
            problems.Add($"{MatchingOptions.Section}:{nameof(MatchingOptions.Candidates)} must be from 1 to 1000 (got {options.Candidates})");
        }

        if (options.IndexBatchSize is < 1 or > 1024)
        {
            problems.Add($"{MatchingOptions.Section}:{nameof(MatchingOptions.IndexBatchSize)} must be from 1 to 1024 (got {options.IndexBatchSize})");
        }

        if (options.IndexThreads < 1 || options.IndexThreads > Environment.ProcessorCount)
        {
            problems.Add($"{MatchingOptions.Section}:{nameof(MatchingOptions.IndexThreads)} must be from 1 to the number of cores, {Environment.ProcessorCount} (got {options.IndexThreads})");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
