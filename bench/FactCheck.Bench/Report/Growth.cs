namespace FactCheck.Bench.Report;

/// <summary>
/// How a gauge sampled through a long run moved: the mean of its first and of its last window
/// (each <see cref="WindowFraction"/> of the run), the peak, and the least-squares slope per hour
/// over the whole run and over its second half. A steady gauge has a last window near its first
/// and a second-half slope near zero, whatever the start-up ramp did to the slope over the whole.
/// </summary>
public sealed record Growth(double First, double Last, double Peak, double SlopePerHour, double SecondHalfSlopePerHour)
{
    /// <summary>Each window is a sixth of the run: five minutes of thirty, ten seconds of one.</summary>
    public const double WindowFraction = 1.0 / 6;

    public double Change => Last - First;

    /// <param name="points">(seconds since the load began, value), in time order.</param>
    public static Growth Of(IReadOnlyList<(double Seconds, double Value)> points)
    {
        if (points.Count < 2)
        {
            throw new InvalidOperationException($"growth needs at least two samples, got {points.Count}");
        }

        var start = points[0].Seconds;
        var end = points[^1].Seconds;
        var window = (end - start) * WindowFraction;
        double MeanOf(IEnumerable<(double Seconds, double Value)> slice) => slice.Select(p => p.Value).DefaultIfEmpty(double.NaN).Average();
        // At least one sample in each window, however short the run.
        var first = MeanOf(points.Where(p => p.Seconds <= start + window).DefaultIfEmpty(points[0]));
        var last = MeanOf(points.Where(p => p.Seconds >= end - window).DefaultIfEmpty(points[^1]));
        var middle = start + (end - start) / 2;
        var secondHalf = points.Where(p => p.Seconds >= middle).ToList();
        return new Growth(first, last, points.Max(p => p.Value), SlopeOf(points), secondHalf.Count >= 2 ? SlopeOf(secondHalf) : double.NaN);
    }

    private static double SlopeOf(IReadOnlyList<(double Seconds, double Value)> points)
    {
        var meanX = points.Average(p => p.Seconds);
        var meanY = points.Average(p => p.Value);
        var covariance = points.Sum(p => (p.Seconds - meanX) * (p.Value - meanY));
        var variance = points.Sum(p => (p.Seconds - meanX) * (p.Seconds - meanX));
        return variance == 0 ? 0 : covariance / variance * 3600;
    }
}
