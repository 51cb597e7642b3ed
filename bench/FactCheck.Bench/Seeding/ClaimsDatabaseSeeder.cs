using System.Diagnostics;
using FactCheck.Claims.Grpc;
using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FactCheck.Bench.Seeding;

/// <summary>
/// Seeds a claims database file before the service starts, through the service's own
/// <see cref="ClaimStore"/> (so rows, side tables, full-text index and events are exactly what
/// CreateClaim would write) with claims mapped by the service's own <see cref="ClaimMapper"/>.
/// The store commits one claim per transaction with synchronous=FULL; to seed a million in
/// minutes it writes on tmpfs (/dev/shm), where a sync costs nothing, then checkpoints the WAL
/// and copies the finished file to the disk the service runs on. A PostgreSQL database is seeded
/// through the same store on the server itself (<see cref="SeedPostgresAsync"/>).
/// </summary>
public static class ClaimsDatabaseSeeder
{
    private const string Tmpfs = "/dev/shm";

    public static async Task<TimeSpan> SeedAsync(string databasePath, int count)
    {
        var watch = Stopwatch.StartNew();
        var scratch = Directory.Exists(Tmpfs)
            ? Directory.CreateDirectory(Path.Combine(Tmpfs, $"factcheck-seed-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("factcheck-seed-").FullName;
        var scratchFile = Path.Combine(scratch, "claims.db");
        try
        {
            var connectionString = $"Data Source={scratchFile}";
            using (var store = new ClaimStore(new SqliteDialect(connectionString), TimeProvider.System, new ClaimCommits()))
            {
                await WriteClaimsAsync(store, count, watch);
            }

            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync();
            }

            SqliteConnection.ClearAllPools();
            File.Copy(scratchFile, databasePath, overwrite: true);
            // On the disk, not only in the page cache: otherwise the service starts while gigabytes
            // of the copy are still being written back, and the first scenarios measure that.
            using (var copied = new FileStream(databasePath, FileMode.Open, FileAccess.ReadWrite))
            {
                copied.Flush(flushToDisk: true);
            }

            return watch.Elapsed;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Seeds the PostgreSQL database at <paramref name="connectionString"/> the same way, through
    /// the store over Npgsql, with the server's own durability (there is no tmpfs copy to make:
    /// the data lives in the server). Then VACUUM ANALYZE, for the statistics and visibility map
    /// autovacuum would have made on a database that grew over time, and a CHECKPOINT, so the
    /// seed's writes are not flushed during the first measurement.
    /// </summary>
    public static async Task<TimeSpan> SeedPostgresAsync(string connectionString, int count)
    {
        var watch = Stopwatch.StartNew();
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            using (var store = new ClaimStore(ClaimStore.Postgres(dataSource), TimeProvider.System, new ClaimCommits()))
            {
                await WriteClaimsAsync(store, count, watch);
            }

            await using var connection = await dataSource.OpenConnectionAsync();
            foreach (var sql in new[] { "VACUUM ANALYZE", "CHECKPOINT" })
            {
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync();
            }
        }

        NpgsqlConnection.ClearAllPools();
        return watch.Elapsed;
    }

    /// <summary>Creates claims 0 to <paramref name="count"/> - 1 of <see cref="SeedClaims"/> through <paramref name="store"/>, migrating it first.</summary>
    private static async Task WriteClaimsAsync(ClaimStore store, int count, Stopwatch watch)
    {
        await store.MigrateAsync(default);
        var write = new WriteContext("bench-seed", "", "");
        var progressEvery = Math.Clamp(count / 10, 10_000, 100_000);
        // 64 at a time: the store serializes writes, so this only overlaps mapping and JSON with the commits.
        foreach (var batch in Enumerable.Range(0, count).Chunk(64))
        {
            await Task.WhenAll(batch.Select(i => store.CreateAsync(SeedClaims.Id(i), Content(i),
                SeedClaims.IsPending(i) ? ClaimStatus.Pending : ClaimStatus.Unverified, "", write, default)));
            if ((batch[^1] + 1) / progressEvery > batch[0] / progressEvery)
            {
                Console.WriteLine($"seeded {batch[^1] + 1:N0} of {count:N0} claims ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }
    }

    private static ClaimContent Content(int i)
    {
        var violations = new List<FieldViolation>();
        var content = ClaimMapper.Content(SeedClaims.Claim(i), "claim", violations);
        return violations.Count == 0 ? content
            : throw new InvalidOperationException($"seed claim {i} is invalid: {string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"))}");
    }
}
