namespace FactCheck.Bench.Report;

/// <summary>One figure measured in this run: which scenario, what was measured, its value and unit, and how it was measured.</summary>
public sealed record Measurement(string Scenario, string Metric, double Value, string Unit, string Note = "");

/// <summary>Everything one run measured, in the order it was measured, printed as it arrives.</summary>
public sealed class BenchReport
{
    private readonly List<Measurement> _measurements = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Measurement> Measurements => _measurements;

    /// <summary>What the run could not do or did differently (a tool missing, a smaller page), for the summary.</summary>
    public IReadOnlyList<string> Notes => _notes;

    public void Add(string scenario, string metric, double value, string unit, string note = "")
    {
        var measurement = new Measurement(scenario, metric, value, unit, note);
        _measurements.Add(measurement);
        Console.WriteLine(ReportWriter.TableRow(measurement));
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine($"note: {note}");
    }

    /// <summary>The value of a metric measured earlier in this run, or null when that scenario did not run.</summary>
    public double? Find(string scenario, string metric) =>
        _measurements.LastOrDefault(m => m.Scenario == scenario && m.Metric == metric)?.Value;
}
