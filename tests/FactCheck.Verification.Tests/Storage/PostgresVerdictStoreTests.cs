using FactCheck.Storage;
using FactCheck.Testing;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Storage;
using FactCheck.Verification.Tests.Support;
using Npgsql;

namespace FactCheck.Verification.Tests.Storage;

/// <summary>
/// The store contract on a real PostgreSQL: a throwaway cluster, a new database per test. Plus
/// what only PostgreSQL promises: a claim's delivery lock holds across processes.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresVerdictStoreTests(PostgresFixture postgres) : VerdictStoreContract, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private readonly Dictionary<IVerdictStore, string> _databases = [];

    protected override async Task<SqlDialect> EmptyDatabaseAsync()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        return Dialect(await cluster.CreateDatabaseAsync("verification"));
    }

    protected override async Task<IVerdictStore> SameDatabaseAsync(IVerdictStore store) => await OpenAsync(Dialect(_databases[store]));

    protected override async Task<IVerdictStore> OpenAsync(SqlDialect dialect)
    {
        var store = new VerdictStore(dialect, TimeProvider.System);
        _databases[store] = ((PostgresDialect)dialect).DataSource.ConnectionString;
        await store.MigrateAsync(default);
        return store;
    }

    private PostgresDialect Dialect(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        _sources.Add(source);
        return VerdictStore.Postgres(source);
    }

    [SkippableFact]
    public async Task A_claims_delivery_lock_held_by_one_process_makes_the_others_wait_and_ends_with_its_holder()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        // Separate ClaimLocks, as two processes have: only the database keeps them apart.
        var mine = new ClaimLocks(store);
        var theirs = new ClaimLocks(other);

        var held = await mine.AcquireAsync("agreement", default);
        var waiting = theirs.AcquireAsync("agreement", default);
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        using (await theirs.AcquireAsync("attacks", patience.Token))
        {
            // Another claim is free, and this one is still held meanwhile.
        }

        // Wait until the second process is blocked in PostgreSQL on the claim's lock, then check it did not get it.
        await WaitForBlockedLockAsync(_databases[store]);
        Assert.False(waiting.IsCompleted, "the second process took a claim the first one holds");

        held.Dispose();
        using var patience2 = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var taken = await waiting.WaitAsync(patience2.Token);

        // Waiting gives up when told to, without taking the lock.
        using var brief = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mine.AcquireAsync("agreement", brief.Token));
    }

    [SkippableFact]
    public async Task A_claims_delivery_lock_is_released_when_its_holders_connection_dies()
    {
        var store = await NewStoreAsync();
        var connectionString = _databases[store];
        var other = await SameDatabaseAsync(store);
        var held = await store.LockClaimDeliveryAsync("agreement", default);

        // What a killed process leaves behind: its session ends on the server.
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND granted AND pid <> pg_backend_pid()", admin);
            Assert.Equal(true, await terminate.ExecuteScalarAsync());
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var taken = await other.LockClaimDeliveryAsync("agreement", patience.Token);
        // Releasing a lock whose connection is gone must not throw on the deliverer.
        held.Dispose();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Waits until a session of this database waits for an advisory lock.</summary>
    private static async Task WaitForBlockedLockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await Eventually.Until(
            async () =>
            {
                await using var command = new NpgsqlCommand(
                    "SELECT COUNT(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()",
                    connection);
                return (long)(await command.ExecuteScalarAsync())!;
            },
            waiting => waiting > 0,
            "the second process to wait for the claim's lock");
    }

    // IAsyncLifetime, not IAsyncDisposable: xUnit v2 never calls IAsyncDisposable on test classes.
    public async Task DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
