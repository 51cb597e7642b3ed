using FactCheck.Bench;
using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;
using FactCheck.Bench.Report;
using FactCheck.Bench.Scenarios;

// The benchmark harness: starts the claims service (and the echo baseline) as processes on a
// seeded SQLite database, and again on a seeded PostgreSQL database where PostgreSQL is
// installed, runs each scenario next to its baseline in the same run, prints a table and writes
// bench/results/latest.json and latest.md (or --out DIR).
// Usage: dotnet run -c Release --project bench/FactCheck.Bench [-- --quick] [--claims N] [--scenarios a,b] [--out DIR]
//        ... -- --backend sqlite|postgres|both [--postgres-claims N]
//        ... -- --trace DIR   also writes DIR/<scenario>-<service>.nettrace, dotnet-traces of the services during each scenario
//        ... -- --evaluate bench/results/latest.json   checks the targets again on a saved run's figures
if (Array.IndexOf(args, "--evaluate") is var at and >= 0 && at + 1 < args.Length)
{
    await SavedRun.EvaluateAsync(args[at + 1]);
    return;
}

var options = BenchOptions.Parse(args);
var report = new BenchReport();
var h2load = H2Load.Find();
if (h2load is null)
{
    report.Note("h2load was not found (Debian: apt-get install nghttp2-client); throughput figures come from the .NET client with 64 callers and say so");
}

if (options.BackendNote is { } backendNote)
{
    report.Note(backendNote);
}

var machine = MachineInfo.Read(h2load is null ? "h2load: not installed" : $"h2load: {h2load}");
Console.WriteLine($"machine: {machine}");
Console.WriteLine($"results: {options.OutputDirectory}");
Console.WriteLine(ReportWriter.TableHeader());

// The SQLite pass runs every scenario named (the service scenarios only when SQLite is among the
// backends); the PostgreSQL pass then runs the service scenarios again on a claims service over
// PostgreSQL, each under its name with " postgres" after it.
var onSqlite = options.Scenarios.Where(s => options.RunsOn("sqlite") || !BenchOptions.ServiceScenarios.Contains(s)).ToList();
var onPostgres = options.RunsOn("postgres") ? options.Scenarios.Intersect(BenchOptions.ServiceScenarios).ToList() : [];
var services = await PublishedServices.PublishAsync();
if (onSqlite.Count > 0)
{
    await RunPassAsync(() => BenchRun.StartAsync(options, report, h2load, services), onSqlite);
}

if (onPostgres.Count > 0)
{
    await RunPassAsync(() => BenchRun.StartPostgresAsync(options, report, h2load, services), onPostgres);
}

Console.WriteLine();
foreach (var target in Targets.Evaluate(report, options.Claims))
{
    Console.WriteLine($"{target.Verdict,-28} {target.Target} ({target.Measured})");
}

async Task RunPassAsync(Func<Task<BenchRun>> start, IReadOnlyList<string> scenarios)
{
    await using var run = await start();
    foreach (var scenario in scenarios)
    {
        await using (await run.TraceAsync(run.Claims, run.Scenario(scenario)))
        {
            await ScenarioList.RunAsync(scenario, run);
        }

        // After every scenario, so a long run that fails late still leaves what it measured.
        await ReportWriter.WriteAsync(options.OutputDirectory, options.CommandLine, machine, options.Claims, onPostgres.Count > 0 ? options.PostgresClaims : null, report, Targets.Evaluate(report, options.Claims));
    }
}
