using FactCheck.Claims.Storage;
using System.Numerics.Tensors;

namespace FactCheck.Claims.Matching;

/// <summary>What a match may be filtered on, as the index last saw the claim: folded language and tags.</summary>
public sealed record MatchFacets(ClaimStatus Status, string Language, IReadOnlyList<string> Tags)
{
    public static MatchFacets Of(Claim claim) => new(
        claim.Status,
        IndexedValues.Fold(claim.Content.Language),
        [.. claim.Content.Tags.Select(IndexedValues.Fold)]);
}

/// <summary>
/// Every indexed claim's vector in memory, searched exactly: a dot product with each (the vectors
/// are of unit length, so that is the cosine similarity), keeping the best. Vectors sit in chunks
/// of <see cref="ChunkSize"/>, so the index grows without copying what it holds. Searches share a
/// read lock; the indexer's changes take the write lock briefly.
/// </summary>
public sealed class VectorIndex(int dimensions) : IDisposable
{
    private const int ChunkSize = 4096;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly List<float[]> _chunks = [];
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    private sealed class Entry(string id, long textHash, MatchFacets facets)
    {
        public string Id { get; } = id;
        public long TextHash { get; set; } = textHash;
        public MatchFacets Facets { get; set; } = facets;
    }

    public int Dimensions => dimensions;

    /// <summary>How many claims have a vector.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _entries.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The hash of the text the claim's vector was made from, or null when it has none.</summary>
    public long? TextHashOf(string claimId)
    {
        _lock.EnterReadLock();
        try
        {
            return _slots.TryGetValue(claimId, out var slot) ? _entries[slot].TextHash : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Adds the claim's vector, or replaces it.</summary>
    public void Put(string claimId, long textHash, ReadOnlySpan<float> vector, MatchFacets facets)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"a vector of {vector.Length} numbers in an index of {dimensions}", nameof(vector));
        }

        _lock.EnterWriteLock();
        try
        {
            if (!_slots.TryGetValue(claimId, out var slot))
            {
                slot = _entries.Count;
                if (slot % ChunkSize == 0)
                {
                    _chunks.Add(new float[ChunkSize * dimensions]);
                }

                _entries.Add(new Entry(claimId, textHash, facets));
                _slots.Add(claimId, slot);
            }

            var entry = _entries[slot];
            entry.TextHash = textHash;
            entry.Facets = facets;
            vector.CopyTo(VectorAt(slot));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes the claim's vector, if it has one: the last vector moves into its place.</summary>
    public void Remove(string claimId)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.Remove(claimId, out var slot))
            {
                return;
            }

            var last = _entries.Count - 1;
            if (slot != last)
            {
                var moved = _entries[last];
                _entries[slot] = moved;
                _slots[moved.Id] = slot;
                VectorAt(last).CopyTo(VectorAt(slot));
            }

            _entries.RemoveAt(last);
            if (last % ChunkSize == 0)
            {
                _chunks.RemoveAt(_chunks.Count - 1);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Updates what an indexed claim may be filtered on (its status changed); false when it is not indexed.</summary>
    public bool UpdateFacets(string claimId, MatchFacets facets)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.TryGetValue(claimId, out var slot))
            {
                return false;
            }

            _entries[slot].Facets = facets;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The cosine similarity of the claim's vector to <paramref name="query"/>, or null when it has none.</summary>
    public float? Similarity(string claimId, ReadOnlySpan<float> query)
    {
        _lock.EnterReadLock();
        try
        {
            return _slots.TryGetValue(claimId, out var slot) ? TensorPrimitives.Dot(VectorAt(slot), query) : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The <paramref name="limit"/> claims most similar to <paramref name="query"/> among those <paramref name="include"/> accepts, best first.</summary>
    public IReadOnlyList<(string ClaimId, float Similarity)> Search(ReadOnlySpan<float> query, int limit, Func<MatchFacets, bool> include)
    {
        // A min-heap of the best so far: its root is the one to beat.
        var best = new PriorityQueue<int, float>(limit + 1);
        _lock.EnterReadLock();
        try
        {
            for (var slot = 0; slot < _entries.Count; slot++)
            {
                if (!include(_entries[slot].Facets))
                {
                    continue;
                }

                var similarity = TensorPrimitives.Dot(VectorAt(slot), query);
                if (best.Count < limit)
                {
                    best.Enqueue(slot, similarity);
                }
                else if (best.TryPeek(out _, out var worst) && similarity > worst)
                {
                    best.EnqueueDequeue(slot, similarity);
                }
            }

            var found = new (string, float)[best.Count];
            for (var i = found.Length - 1; i >= 0; i--)
            {
                best.TryDequeue(out var slot, out var similarity);
                found[i] = (_entries[slot].Id, similarity);
            }

            return found;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private Span<float> VectorAt(int slot) =>
        _chunks[slot / ChunkSize].AsSpan(slot % ChunkSize * dimensions, dimensions);
}
