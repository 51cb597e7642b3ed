using System.Collections.Concurrent;

namespace FactCheck.Claims.Storage;

/// <summary>
/// Claims already read from their JSON documents, by id, each with the revision it was read at.
/// A read still asks the database for the row's revision (so it always answers the latest
/// commit, whichever process or replica made it), and parses the document only when the cached
/// claim is not at that revision: parsing the stored JSON was a quarter of GetClaim's handler
/// time in a profile. A claim's revision grows by one on every committed write, so an id and a
/// revision name one content; only committed claims are added (a rolled-back write's revision
/// is taken again by the next one). Bounded: two generations, the older dropped whole when the
/// newer fills, so claims read often stay and the memory stays within about
/// 2 × <see cref="Capacity"/> claims.
/// </summary>
internal sealed class ClaimCache
{
    /// <summary>
    /// Claims per generation. A claim of the benchmark's size (250 characters of text, a source or
    /// two, a few tags) comes to about 2 KB of strings and objects by count, so the cache stays
    /// near 20 MB: the claims service's RSS under load at 1,000,000 claims is held to 250 MB (142 MB
    /// in the last full run).
    /// </summary>
    public const int Capacity = 4096;

    private readonly object _rotation = new();
    private ConcurrentDictionary<string, Claim> _current = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, Claim> _previous = new(StringComparer.Ordinal);

    /// <summary>The cached claim <paramref name="claimId"/> at <paramref name="revision"/>, or null.</summary>
    public Claim? Find(string claimId, long revision)
    {
        if (_current.TryGetValue(claimId, out var claim))
        {
            return claim.Revision == revision ? claim : null;
        }

        if (_previous.TryGetValue(claimId, out claim) && claim.Revision == revision)
        {
            // Read again: kept in the newer generation so it outlives the next rotation.
            Add(claim);
            return claim;
        }

        return null;
    }

    /// <summary>Keeps <paramref name="claim"/>, read or committed, unless a newer revision of it is cached already.</summary>
    public void Add(Claim claim)
    {
        var current = _current;
        current.AddOrUpdate(claim.Id, claim, (_, cached) => cached.Revision > claim.Revision ? cached : claim);
        if (current.Count >= Capacity)
        {
            lock (_rotation)
            {
                if (ReferenceEquals(current, _current))
                {
                    _previous = current;
                    _current = new(StringComparer.Ordinal);
                }
            }
        }
    }
}
