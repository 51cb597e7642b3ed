using FactCheck.Bench.Hosts;
using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 2: CreateClaim with 1, 16 and 64 concurrent callers, against raw inserts of rows the
/// size of a stored claim on the same backend (SQLite on the same disk, or the same PostgreSQL
/// server), one per transaction and 16 per transaction, all in this run.
/// New claims are the seed generator's claims numbered after the seeded ones, without ids.
/// </summary>
public static class CreateClaimVersusRawInserts
{
    public static async Task RunAsync(BenchRun run)
    {
        var report = run.Report;
        var scenario = run.Scenario("createclaim");
        // A claim as JSON: about the size of the document column the store writes for it.
        var document = SeedClaims.Claim(0).ToString();
        var (single, grouped) = await RawInsertsAsync(run, document, scenario);

        var rates = await CallerSweep.RunAsync(run, scenario, (_, _) =>
            run.ClaimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = run.NewClaim() }, deadline: BenchRun.Deadline).ResponseAsync);
        var most = CallerSweep.Callers[^1];
        report.Add(scenario, $"{most} callers / raw 16 per tx", rates[^1] / grouped, "×", "same run");
        report.Add(scenario, $"{most} callers / raw 1 per tx", rates[^1] / single, "×", "same run");
    }

    /// <summary>The raw baseline on the pass's backend, 1 and 16 rows per transaction, reported and returned in rows per second.</summary>
    private static async Task<(double Single, double Grouped)> RawInsertsAsync(BenchRun run, string document, string scenario)
    {
        var options = run.Options;
        double single, grouped;
        string durability;
        if (run.Postgres is { } server)
        {
            // As the service's connections see them: its connection string sets neither, so these are the server's.
            var synchronousCommit = await PostgresServer.SettingAsync(run.ClaimsConnectionString!, "synchronous_commit");
            var fsync = await PostgresServer.SettingAsync(run.ClaimsConnectionString!, "fsync");
            durability = $"synchronous_commit={synchronousCommit}, fsync={fsync} (as the service's connections get them), {document.Length}-byte rows, same server";
            var raw = await server.CreateDatabaseAsync("raw");
            single = await RawPostgresInserts.RowsPerSecondAsync(raw, synchronousCommit, 1, document, options.StepCalls, options.StepDuration);
            grouped = await RawPostgresInserts.RowsPerSecondAsync(raw, synchronousCommit, 16, document, options.StepCalls, options.StepDuration);
        }
        else
        {
            var synchronous = await RawSqliteInserts.DefaultSynchronousAsync(Path.Combine(run.WorkDirectory, "claims.db"));
            durability = $"WAL, synchronous=FULL (the service's connections get synchronous={synchronous}), {document.Length}-byte rows";
            single = await RawSqliteInserts.RowsPerSecondAsync(run.WorkDirectory, 1, document, options.StepCalls, options.StepDuration);
            grouped = await RawSqliteInserts.RowsPerSecondAsync(run.WorkDirectory, 16, document, options.StepCalls, options.StepDuration);
        }

        run.Report.Add(scenario, "raw inserts, 1 per tx", single, "rows/s", durability);
        run.Report.Add(scenario, "raw inserts, 16 per tx", grouped, "rows/s", durability);
        return (single, grouped);
    }
}
