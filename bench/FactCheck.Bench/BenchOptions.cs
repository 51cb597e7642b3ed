using System.Globalization;

namespace FactCheck.Bench;

public sealed record BenchOptions(int Claims, int PageSize, int Repetitions, IReadOnlyList<string> Backends)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var backend = Value("--backend") ?? "both";
        return new BenchOptions(
            Number("--claims", 20_000),
            Number("--page-size", 20),
            Number("--repetitions", 200),
            backend == "both" ? ["sqlite", "postgres"] : [backend]);
    }
}
