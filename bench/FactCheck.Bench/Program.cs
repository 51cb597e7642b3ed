using FactCheck.Bench;

// Keyset pagination: does page 1,000 of ListClaims cost what page 1 costs?
// Usage: dotnet run -c Release --project bench/FactCheck.Bench [-- --claims 20000 --page-size 20 --backend sqlite|postgres|both]
var options = BenchOptions.Parse(args);
foreach (var backend in options.Backends)
{
    await PagingBenchmark.RunAsync(backend, options);
}
