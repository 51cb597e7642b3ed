namespace FactCheck.Cli.Output;

/// <summary>--output: tables and sentences for people, or JSON only (no decoration) for scripts.</summary>
public enum OutputFormat
{
    Table,
    Json,
}
