using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FactCheck.Storage;

/// <summary>
/// The "FactCheck.Storage" activity source: one span per store operation ("claims.create",
/// "verdicts.record", ...), tagged with the database system, so a trace shows which call spent
/// its time in the database; and a meter of the same name whose histogram
/// "factcheck.storage.batch.writes" shows how many writes each group commit carried. The hosts
/// subscribe to every "FactCheck.*" source and meter.
/// </summary>
public static class StoreTelemetry
{
    public const string SourceName = "FactCheck.Storage";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    private static readonly Histogram<int> BatchWrites = Meter.CreateHistogram<int>(
        "factcheck.storage.batch.writes", unit: "{write}", description: "Writes carried by one committed group-commit transaction");

    /// <summary>Records one committed batch of <paramref name="writes"/> writes of store <paramref name="storeName"/>.</summary>
    public static void RecordBatch(string storeName, SqlDialect dialect, int writes) =>
        BatchWrites.Record(writes, new KeyValuePair<string, object?>("db.system", dialect.SystemName), new KeyValuePair<string, object?>("factcheck.store", storeName));

    /// <summary>Starts the span of one store operation, or returns null when nobody listens.</summary>
    public static Activity? StartOperation(string operation, SqlDialect dialect)
    {
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("db.system", dialect.SystemName);
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }
}
