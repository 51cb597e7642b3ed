using System.Diagnostics;

namespace FactCheck.Storage;

/// <summary>
/// The "FactCheck.Storage" activity source: one span per store operation ("claims.create",
/// "verdicts.record", ...), tagged with the database system, so a trace shows which call spent
/// its time in the database. The hosts subscribe to every "FactCheck.*" source.
/// </summary>
public static class StoreTelemetry
{
    public const string SourceName = "FactCheck.Storage";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one store operation, or returns null when nobody listens.</summary>
    public static Activity? StartOperation(string operation, SqlDialect dialect)
    {
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("db.system", dialect.SystemName);
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }
}
