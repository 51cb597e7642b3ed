using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Matching;

/// <summary>
/// The meaning side of matching, present only when <see cref="MatchingOptions.Semantic"/> is on:
/// the vector indexes the <see cref="ClaimIndexer"/> fills (the claims' texts, and their sources'
/// titles), and the one model session that embeds both the texts looked for and the claims being
/// indexed. One session, not two: each holds about 250 MB. The indexer embeds in small batches (<see cref="MatchingOptions.IndexBatchSize"/>), so
/// a query waits for one small batch at most.
/// </summary>
public sealed class SemanticMatching(IOptions<MatchingOptions> options) : IDisposable
{
    private readonly Lazy<SentenceEmbedder> _model = new(() => new SentenceEmbedder(options.Value.IndexThreads));

    /// <summary>The vectors of the claims' texts.</summary>
    public VectorIndex Texts { get; } = new(SentenceEmbedder.Dimensions);

    /// <summary>The vectors of the claims' sources' titles, for the claims that have any.</summary>
    public VectorIndex Titles { get; } = new(SentenceEmbedder.Dimensions);

    /// <summary>The vectors of <paramref name="texts"/>, in order.</summary>
    public float[][] Embed(string[] texts, CancellationToken ct) => _model.Value.Embed(texts, ct);

    /// <summary>The vector of one text looked for.</summary>
    public float[] Embed(string text, CancellationToken ct) => Embed([text], ct)[0];

    /// <summary>Loads the model now rather than on the first query.</summary>
    public void Warm() => _ = _model.Value;

    public void Dispose()
    {
        Texts.Dispose();
        Titles.Dispose();
        if (_model.IsValueCreated)
        {
            _model.Value.Dispose();
        }
    }
}
