namespace FactCheck.ServiceDefaults;

/// <summary>
/// Names of the project's own activity sources and meters. Every name starts with
/// <see cref="Prefix"/>, which the hosts subscribe to, so a new source is traced without
/// touching the hosting code.
/// </summary>
public static class TelemetrySources
{
    public const string Prefix = "FactCheck.";

    /// <summary>The activity source and meter the Npgsql driver emits natively (no Npgsql.OpenTelemetry package needed).</summary>
    public const string Npgsql = "Npgsql";
}
