using System.Globalization;
using System.Reflection;
using FactCheck.Bench.Scenarios;
using FactCheck.Testing;

namespace FactCheck.Bench;

/// <summary>
/// What one run measures and how hard: <c>--quick</c> shrinks every scenario to a few seconds for
/// CI (it proves the harness works; its figures mean little), the full run loads for longer on a
/// database of <see cref="Claims"/> seeded claims.
/// </summary>
public sealed record BenchOptions(
    bool Quick,
    int Claims,
    string OutputDirectory,
    IReadOnlyList<string> Scenarios,
    int PagingClaims,
    int PageSize,
    IReadOnlyList<string> Backends,
    string CommandLine,
    string? TraceDirectory = null,
    MatchingFiles? Matching = null)
{
    /// <summary>Every scenario, in the order they run: reads on the seeded database first, then writes, the soak last.</summary>
    public static readonly IReadOnlyList<string> AllScenarios =
        ["getclaim", "listclaims", "fulltext", "startup", "createclaim", "updatestatus", "watch", "verdict", "backlog", "paging", "extract", "matching", "soak"];

    /// <summary>
    /// Scenarios a full run leaves out unless named in <c>--scenarios</c>: the soak's half hour
    /// would more than triple it. A quick run (CI) includes it, for one minute.
    /// </summary>
    private static readonly IReadOnlyList<string> OnlyWhenNamed = ["soak"];

    /// <summary>
    /// Scenarios that load the run's shared claims service on its seeded database: these run on
    /// each backend of <see cref="Backends"/>, the PostgreSQL pass named "<c>getclaim postgres</c>"
    /// and so on. The others bring their own data (or none) and run once; <c>paging</c> chooses its
    /// backends itself.
    /// </summary>
    public static readonly IReadOnlyList<string> ServiceScenarios =
        ["getclaim", "listclaims", "fulltext", "startup", "createclaim", "updatestatus", "watch", "verdict", "backlog"];

    /// <summary>How long one load step may run at most (each is also bounded by a call count).</summary>
    public TimeSpan StepDuration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(8);

    /// <summary>Most calls one load step makes.</summary>
    public int StepCalls => Quick ? 2_000 : 200_000;

    /// <summary>Requests per h2load run.</summary>
    public int H2LoadRequests => Quick ? 5_000 : 100_000;

    /// <summary>Timed calls per latency sample of one listing.</summary>
    public int Repetitions => Quick ? 50 : 1_000;

    /// <summary>Claims written while 100 subscribers watch.</summary>
    public int WatchEvents => Quick ? 50 : 2_000;

    /// <summary>Verdicts recorded at 100 per second.</summary>
    public int Verdicts => Quick ? 50 : 1_000;

    /// <summary>
    /// Claims seeded into the PostgreSQL claims database: <c>--postgres-claims N</c>, else 100,000
    /// (a few minutes through the store over a durable server), or 500 with <c>--quick</c>.
    /// </summary>
    public int PostgresClaims { get; init; }

    /// <summary>Why the backends are what they are when <c>--backend</c> was not given (PostgreSQL found or not), for the report's notes.</summary>
    public string? BackendNote { get; init; }

    /// <summary>Whether the service scenarios run on SQLite, and on PostgreSQL.</summary>
    public bool RunsOn(string backend) => Backends.Contains(backend);

    /// <summary>
    /// How long the soak loads both services: <c>--soak-minutes N</c>, else 30 minutes, or 45
    /// seconds with <c>--quick</c>, so that with the services' start and the drain the scenario
    /// adds about a minute to CI.
    /// </summary>
    public TimeSpan SoakDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Release or Debug, as this harness was built: the command shown with the results must be the one that ran.</summary>
    private static string BuildConfiguration =>
        typeof(BenchOptions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
        var quick = args.Contains("--quick");
        var (backends, backendNote) = ChooseBackends(Value("--backend"));
        var scenarios = Value("--scenarios") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : quick ? AllScenarios.ToArray() : AllScenarios.Except(OnlyWhenNamed).ToArray();
        var unknown = scenarios.Except(AllScenarios).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown scenario(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllScenarios)}");
        }

        var seeded = backends.Contains("sqlite") && scenarios.Intersect(ServiceScenarios).Any();
        return new BenchOptions(
            quick,
            Number("--claims", !seeded ? 0 : quick ? 2_000 : 1_000_000),
            // A quick run's figures mean little: unless told otherwise they go to a temporary folder, never over the committed full run.
            Value("--out") ?? (quick ? Directory.CreateTempSubdirectory("factcheck-bench-quick-").FullName : Repository.File("bench", "results")),
            scenarios,
            Number("--paging-claims", quick ? 2_000 : 20_000),
            Number("--page-size", 20),
            backends,
            $"dotnet run -c {BuildConfiguration} --project bench/FactCheck.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : ""),
            Value("--trace"),
            MatchingFiles.Resolve(Value("--matching-claims"), Value("--matching-queries"), Value("--matching-qrels")))
        {
            SoakDuration = TimeSpan.FromMinutes(Value("--soak-minutes") is { } minutes ? double.Parse(minutes, CultureInfo.InvariantCulture) : quick ? 0.75 : 30),
            PostgresClaims = Number("--postgres-claims", quick ? 500 : 100_000),
            BackendNote = backendNote,
        };
    }

    /// <summary>
    /// <c>--backend sqlite|postgres|both</c>; without it, both where PostgreSQL's binaries are
    /// installed and SQLite alone where they are not, with a note that says which and why. A
    /// backend asked for by name that cannot run fails the run rather than leaving it out.
    /// </summary>
    private static (string[] Backends, string? Note) ChooseBackends(string? backend)
    {
        var binaries = PostgresCluster.FindBinaries();
        if (backend is null)
        {
            return binaries is null
                ? (["sqlite"], $"the postgres scenarios were not run: {PostgresCluster.InstallHint}")
                : (["sqlite", "postgres"], $"--backend not given: the service scenarios and paging run on SQLite and on PostgreSQL (binaries in {binaries})");
        }

        string[] chosen = backend switch
        {
            "both" => ["sqlite", "postgres"],
            "sqlite" or "postgres" => [backend],
            _ => throw new ArgumentException($"--backend must be sqlite, postgres or both, not '{backend}'"),
        };
        return chosen.Contains("postgres") && binaries is null
            ? throw new ArgumentException($"--backend {backend} needs PostgreSQL: {PostgresCluster.InstallHint}")
            : (chosen, null);
    }
}
