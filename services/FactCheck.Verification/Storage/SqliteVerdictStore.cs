using FactCheck.Storage;
using System.Data.Common;

namespace FactCheck.Verification.Storage;

/// <summary>
/// The embedded store: one SQLite file (<see cref="SqliteDatabase"/>: WAL, serialized writers),
/// so outbox sequence numbers are assigned and committed in the order verdicts were recorded.
///
/// A SQLite file is the single-machine deployment: one verification process per file. Its claim
/// delivery lock is therefore the in-process <c>ClaimLocks</c> alone; two processes sharing one
/// file would keep their data intact but could deliver one claim's rows concurrently. Run
/// several replicas on PostgreSQL (<see cref="PostgresVerdictStore"/>) instead.
/// </summary>
public sealed class SqliteVerdictStore(string connectionString, TimeProvider clock) : RelationalVerdictStore(clock), IDisposable
{
    private readonly SqliteDatabase _database = new(connectionString);

    public string ConnectionString => connectionString;

    public void Dispose() => _database.Dispose();

    public override Task MigrateAsync(CancellationToken ct) =>
        _database.MigrateAsync(connection => ApplyMigrationsAsync(connection, SqliteMigrations.All, ct), ct);

    /// <summary>Nothing to hold beyond the in-process ClaimLocks: one process per SQLite file (see the class comment).</summary>
    public override Task<IDisposable> LockClaimDeliveryAsync(string claimId, CancellationToken ct) =>
        Task.FromResult<IDisposable>(NoLock.Instance);

    protected override Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    protected override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        var (transaction, release) = await _database.BeginWriteAsync(connection, ct);
        return new WriteScope(transaction, release);
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
            // Nothing was taken.
        }
    }
}
