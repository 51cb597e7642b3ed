using FactCheck.Storage;
using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace FactCheck.Verification.Storage;

/// <summary>
/// The scale-out store: several verification-service replicas may share one PostgreSQL database.
///
/// Writers take one transaction-scoped advisory lock, so outbox rows get their sequence numbers
/// in commit order, as on SQLite (see <see cref="RelationalVerdictStore"/> for why delivery needs
/// that). Verdicts are few, so serializing their writes costs little; reads are not serialized.
///
/// A claim's deliveries are kept apart across replicas by a second, per-claim advisory lock held
/// for the whole delivery (<see cref="LockClaimDeliveryAsync"/>).
/// </summary>
public sealed class PostgresVerdictStore(NpgsqlDataSource dataSource, TimeProvider clock) : RelationalVerdictStore(clock)
{
    // Arbitrary but fixed keys for pg_advisory_lock(bigint): one for writes, one for migrations.
    private readonly PostgresDatabase _database = new(dataSource, writeLockKey: 0x4643_5665_7264_0001, migrationLockKey: 0x4643_5665_7264_0002);

    // Per-claim locks use the two-integer form, pg_advisory_lock(int, int): this namespace and a
    // hash of the claim id. That key space is separate from the bigint one above, and a hash
    // collision between two claims only makes them wait for each other, never breaks order.
    private const int ClaimLockNamespace = 0x46435644;

    public override Task MigrateAsync(CancellationToken ct) =>
        _database.MigrateAsync(connection => ApplyMigrationsAsync(connection, PostgresMigrations.All, ct), ct);

    /// <summary>
    /// Holds the claim's delivery lock until disposed: a transaction-scoped advisory lock in a
    /// transaction kept open (and idle) for the delivery. Being transaction-scoped, it cannot
    /// outlive its holder: disposing rolls the transaction back, a dropped connection or a killed
    /// process ends it on the server, and a pooled connection is never handed out still holding
    /// it, which a session-level lock left behind by a failed unlock could be. Waiting stops when
    /// <paramref name="ct"/> is cancelled (Npgsql cancels the statement on the server).
    /// </summary>
    public override async Task<IDisposable> LockClaimDeliveryAsync(string claimId, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        NpgsqlTransaction? tx = null;
        try
        {
            tx = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(@ns, @key)", ct, ("@ns", ClaimLockNamespace), ("@key", ClaimKey(claimId)));
            return new ClaimLock(connection, tx);
        }
        catch
        {
            // Not handed out: release what was opened, then let the failure (or cancellation) through.
            if (tx is not null)
            {
                await tx.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }

    protected override Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    protected override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        new(await _database.BeginWriteAsync(connection, ct));

    /// <summary>A stable 32-bit key for a claim id (the first bytes of its SHA-256), the same in every process.</summary>
    internal static int ClaimKey(string claimId) =>
        BinaryPrimitives.ReadInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(claimId)));

    /// <summary>
    /// Releases the lock by ending its transaction. Disposal is synchronous because the delivery
    /// code holds locks with <c>using</c>; the rollback is one short round trip.
    /// </summary>
    private sealed class ClaimLock(NpgsqlConnection connection, NpgsqlTransaction tx) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                // Disposing an unfinished transaction rolls it back, which releases the advisory lock.
                tx.Dispose();
                connection.Dispose();
            }
        }
    }
}
