using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FactCheck.Storage;

/// <summary>
/// The "FactCheck.Storage" activity source: one span per store operation ("claims.create",
/// "verdicts.record", ...), tagged with the database system, so a trace shows which call spent
/// its time in the database; and a meter of the same name whose histogram
/// "factcheck.storage.batch.writes" shows how many writes each group commit carried, and
/// "factcheck.storage.refused" and "factcheck.storage.faulted" follow the database's outages
/// (<see cref="DatabaseFaults"/>). The hosts
/// subscribe to every "FactCheck.*" source and meter.
/// </summary>
public static class StoreTelemetry
{
    public const string SourceName = "FactCheck.Storage";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    private static readonly Histogram<int> BatchWrites = Meter.CreateHistogram<int>(
        "factcheck.storage.batch.writes", unit: "{write}", description: "Writes carried by one committed group-commit transaction");

    private static readonly Counter<long> RefusedCalls = Meter.CreateCounter<long>(
        "factcheck.storage.refused", unit: "{call}", description: "Calls and background rounds refused because the database was unreachable or full");

    private static readonly UpDownCounter<int> FaultedDatabases = Meter.CreateUpDownCounter<int>(
        "factcheck.storage.faulted", unit: "{database}", description: "1 while a service's database is unreachable or full");

    /// <summary>Counts one call or round refused because <paramref name="database"/> was away or full (<paramref name="fault"/>: "unavailable", "full").</summary>
    public static void RecordRefused(string database, string fault) =>
        RefusedCalls.Add(1, new KeyValuePair<string, object?>("factcheck.database", database), new KeyValuePair<string, object?>("factcheck.fault", fault));

    /// <summary>Marks <paramref name="database"/> as entering (+1) or leaving (-1) a fault.</summary>
    public static void RecordFaulted(string database, string fault, int change) =>
        FaultedDatabases.Add(change, new KeyValuePair<string, object?>("factcheck.database", database), new KeyValuePair<string, object?>("factcheck.fault", fault));

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
