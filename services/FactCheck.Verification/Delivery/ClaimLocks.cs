using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// One lock per claim, so no two deliverers ever deliver the same claim's rows at once (which
/// would break their order): the dispatcher and RecordVerdict's immediate delivery in this
/// process, and, on PostgreSQL, those of every other replica sharing the database.
///
/// Two layers, taken in this order: an in-process gate, then the store's cross-process lock
/// (<see cref="IVerdictStore.LockClaimDeliveryAsync"/>, a per-claim advisory lock on
/// PostgreSQL). The store's lock alone would be enough for correctness; the gate is kept so
/// that callers in one process queue in memory instead of each holding a database connection
/// while it waits. Gates exist only while used.
/// </summary>
public sealed class ClaimLocks(IVerdictStore store)
{
    private readonly Dictionary<string, Entry> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string claimId, CancellationToken ct)
    {
        Entry entry;
        lock (_locks)
        {
            if (!_locks.TryGetValue(claimId, out entry!))
            {
                entry = new Entry();
                _locks[claimId] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            Leave(claimId, entry, release: false);
            throw;
        }

        IDisposable shared;
        try
        {
            shared = await store.LockClaimDeliveryAsync(claimId, ct);
        }
        catch
        {
            // Cancelled or the database failed while waiting: give the gate back, then let the failure through.
            Leave(claimId, entry, release: true);
            throw;
        }

        return new Holder(this, claimId, entry, shared);
    }

    private void Leave(string claimId, Entry entry, bool release)
    {
        if (release)
        {
            entry.Gate.Release();
        }

        lock (_locks)
        {
            if (--entry.Users == 0)
            {
                _locks.Remove(claimId);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private sealed class Holder(ClaimLocks owner, string claimId, Entry entry, IDisposable shared) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                try
                {
                    shared.Dispose();
                }
                finally
                {
                    owner.Leave(claimId, entry, release: true);
                }
            }
        }
    }
}
