namespace FactCheck.Bench.Load;

/// <summary>Percentiles of a set of latencies in milliseconds (nearest rank).</summary>
public sealed record Latencies(int Count, double P50, double P99, double Max)
{
    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new InvalidOperationException("no latencies were measured");
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latencies(sorted.Length, Rank(0.50), Rank(0.99), sorted[^1]);
    }
}
