using System.Diagnostics;
using FactCheck.Claims.Grpc;
using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Storage;
using Microsoft.Data.Sqlite;

namespace FactCheck.Bench.Seeding;

/// <summary>
/// Seeds a claims database file before the service starts, through the service's own
/// <see cref="ClaimStore"/> (so rows, side tables, full-text index and events are exactly what
/// CreateClaim would write) with claims mapped by the service's own <see cref="ClaimMapper"/>.
/// The store commits one claim per transaction with synchronous=FULL; to seed a million in
/// minutes it writes on tmpfs (/dev/shm), where a sync costs nothing, then checkpoints the WAL
/// and copies the finished file to the disk the service runs on.
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
                await store.MigrateAsync(default);
                var write = new WriteContext("bench-seed", "", "");
                // 64 at a time: the store serializes writes, so this only overlaps mapping and JSON with the commits.
                foreach (var batch in Enumerable.Range(0, count).Chunk(64))
                {
                    await Task.WhenAll(batch.Select(i => store.CreateAsync(SeedClaims.Id(i), Content(i),
                        SeedClaims.IsPending(i) ? ClaimStatus.Pending : ClaimStatus.Unverified, "", write, default)));
                    if ((batch[^1] + 1) / 100_000 > batch[0] / 100_000)
                    {
                        Console.WriteLine($"seeded {batch[^1] + 1:N0} of {count:N0} claims ({watch.Elapsed.TotalSeconds:F0} s)");
                    }
                }
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
            return watch.Elapsed;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
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
