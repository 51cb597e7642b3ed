using FactCheck.Storage;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>
/// A store of two tables whose one write fails in the database itself, after having written:
/// it logs an entry, then inserts a key that must be unique. The claims store refuses its writes
/// before touching a row, so this is how the contract sees a savepoint undo rows of a failed
/// write (and, on PostgreSQL, bring its aborted transaction back for the neighbours).
/// </summary>
internal sealed class ConstraintProbeStore(SqlDialect dialect) : RelationalStore(dialect, TimeProvider.System)
{
    protected override string StoreName => "probe";

    protected override IReadOnlyList<(int Version, string Sql)> Migrations =>
    [
        (1, "CREATE TABLE probe_log (entry TEXT NOT NULL); CREATE TABLE probe_keys (k TEXT PRIMARY KEY)"),
    ];

    /// <summary>Logs <paramref name="entry"/>, then claims <paramref name="key"/>; a taken key fails with the database's constraint error.</summary>
    public Task<string> WriteAsync(string entry, string key, CancellationToken ct) =>
        GroupWriteAsync("write", async (connection, tx, batchCt) =>
        {
            await ExecuteAsync(connection, tx, "INSERT INTO probe_log (entry) VALUES (@entry)", batchCt, ("@entry", entry));
            await ExecuteAsync(connection, tx, "INSERT INTO probe_keys (k) VALUES (@key)", batchCt, ("@key", key));
            return entry;
        }, ct);

    public async Task<List<string>> LogAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT entry FROM probe_log ORDER BY entry");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(reader.GetString(0));
        }

        return entries;
    }
}
