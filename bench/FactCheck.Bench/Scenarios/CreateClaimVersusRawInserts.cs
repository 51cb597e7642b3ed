using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 2: CreateClaim with 1, 16 and 64 concurrent callers, against raw SQLite inserts of
/// rows the size of a stored claim, one per transaction and 16 per transaction, all in this run.
/// New claims are the seed generator's claims numbered after the seeded ones, without ids.
/// </summary>
public static class CreateClaimVersusRawInserts
{
    public static async Task RunAsync(BenchRun run)
    {
        var options = run.Options;
        var report = run.Report;
        // A claim as JSON: about the size of the document column the store writes for it.
        var document = SeedClaims.Claim(0).ToString();
        var synchronous = await RawSqliteInserts.DefaultSynchronousAsync(Path.Combine(run.WorkDirectory, "claims.db"));
        var durability = $"WAL, synchronous=FULL (the service's connections get synchronous={synchronous}), {document.Length}-byte rows";
        var single = await RawSqliteInserts.RowsPerSecondAsync(run.WorkDirectory, 1, document, options.StepCalls, options.StepDuration);
        var grouped = await RawSqliteInserts.RowsPerSecondAsync(run.WorkDirectory, 16, document, options.StepCalls, options.StepDuration);
        report.Add("createclaim", "raw inserts, 1 per tx", single, "rows/s", durability);
        report.Add("createclaim", "raw inserts, 16 per tx", grouped, "rows/s", durability);

        var rates = await CallerSweep.RunAsync(run, "createclaim", (_, _) =>
            run.ClaimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = run.NewClaim() }, deadline: BenchRun.Deadline).ResponseAsync);
        var most = CallerSweep.Callers[^1];
        report.Add("createclaim", $"{most} callers / raw 16 per tx", rates[^1] / grouped, "×", "same run");
        report.Add("createclaim", $"{most} callers / raw 1 per tx", rates[^1] / single, "×", "same run");
    }
}
