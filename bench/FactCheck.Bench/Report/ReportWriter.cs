using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FactCheck.Bench.Report;

/// <summary>Writes one run's figures three ways: rows on stdout as they are measured, latest.json for tools, latest.md for people.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string TableHeader() => $"{"scenario",-21} {"metric",-42} {"value",14} {"unit",-8} note";

    public static string TableRow(Measurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"{m.Scenario,-21} {m.Metric,-42} {Format(m.Value),14} {m.Unit,-8} {m.Note}");

    /// <param name="seededClaims">Claims seeded for the SQLite pass.</param>
    /// <param name="postgresClaims">Claims seeded for the PostgreSQL pass, or null when the run made none.</param>
    public static async Task WriteAsync(string directory, string command, MachineInfo machine, int seededClaims, int? postgresClaims, BenchReport report, IReadOnlyList<TargetResult> targets)
    {
        Directory.CreateDirectory(directory);
        var json = new { command, machine, seededClaims, postgresClaims, measurements = report.Measurements, notes = report.Notes, targets };
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"), JsonSerializer.Serialize(json, Json));
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), Markdown(command, machine, seededClaims, postgresClaims, report, targets));
    }

    private static string Markdown(string command, MachineInfo machine, int seededClaims, int? postgresClaims, BenchReport report, IReadOnlyList<TargetResult> targets)
    {
        var seeded = postgresClaims is { } onPostgres
            ? string.Create(CultureInfo.InvariantCulture, $"Seeded claims: {seededClaims:N0} on SQLite, {onPostgres:N0} on PostgreSQL.")
            : string.Create(CultureInfo.InvariantCulture, $"Seeded claims: {seededClaims:N0}.");
        var md = new StringBuilder();
        md.AppendLine("# FactCheck benchmark results").AppendLine()
          .AppendLine("```bash").AppendLine(command).AppendLine("```").AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}. {seeded}").AppendLine()
          .AppendLine("| scenario | metric | value | unit | how |")
          .AppendLine("|----------|--------|------:|------|-----|");
        foreach (var m in report.Measurements)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m.Scenario} | {m.Metric} | {Format(m.Value)} | {m.Unit} | {m.Note} |");
        }

        md.AppendLine().AppendLine("## Targets (issue 9)").AppendLine()
          .AppendLine("| target | measured | verdict |")
          .AppendLine("|--------|---------:|---------|");
        foreach (var t in targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {t.Verdict} |");
        }

        if (report.Notes.Count > 0)
        {
            md.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (var note in report.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return md.ToString();
    }

    /// <summary>Three significant digits for small figures, whole numbers with separators for large ones.</summary>
    private static string Format(double value) =>
        Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
