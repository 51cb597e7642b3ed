using System.Text.Json;

namespace FactCheck.Bench.Report;

/// <summary>
/// A run's latest.json read back, so <c>--evaluate FILE</c> can check the targets again against
/// that run's own measurements and rewrite its summary, without measuring anything new (for
/// when the target rules change after a long run).
/// </summary>
public sealed record SavedRun(string Command, MachineInfo Machine, int SeededClaims, List<Measurement> Measurements, List<string> Notes, int? PostgresClaims = null)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task EvaluateAsync(string file)
    {
        var saved = JsonSerializer.Deserialize<SavedRun>(await File.ReadAllTextAsync(file), Json)
            ?? throw new InvalidOperationException($"{file} holds no run");
        var report = new BenchReport();
        saved.Measurements.ForEach(m => report.Add(m.Scenario, m.Metric, m.Value, m.Unit, m.Note));
        saved.Notes.ForEach(report.Note);
        await ReportWriter.WriteAsync(Path.GetDirectoryName(Path.GetFullPath(file))!, saved.Command, saved.Machine, saved.SeededClaims, saved.PostgresClaims, report,
            Targets.Evaluate(report, saved.SeededClaims));
    }
}
