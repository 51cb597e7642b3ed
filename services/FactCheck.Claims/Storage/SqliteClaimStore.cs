using FactCheck.Storage;
using System.Data.Common;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The embedded store: one SQLite file (<see cref="SqliteDatabase"/>: WAL, serialized writers),
/// no set-up. Full-text search uses an FTS5 table keyed by the claim's row.
/// </summary>
public sealed class SqliteClaimStore(string connectionString, TimeProvider clock, ClaimEventSignal signal)
    : RelationalClaimStore(clock, signal), IDisposable
{
    private readonly SqliteDatabase _database = new(connectionString);

    public string ConnectionString => connectionString;

    public void Dispose() => _database.Dispose();

    public override Task MigrateAsync(CancellationToken ct) =>
        _database.MigrateAsync(connection => ApplyMigrationsAsync(connection, SqliteMigrations.All, ct), ct);

    protected override Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    protected override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        var (transaction, release) = await _database.BeginWriteAsync(connection, ct);
        return new WriteScope(transaction, release);
    }

    protected override async Task IndexSearchTextAsync(DbConnection connection, DbTransaction tx, long pk, ClaimContent content, bool replace, CancellationToken ct)
    {
        if (replace)
        {
            await ExecuteAsync(connection, tx, "DELETE FROM claims_fts WHERE rowid = @pk", ct, ("@pk", pk));
        }

        await ExecuteAsync(connection, tx, "INSERT INTO claims_fts (rowid, text, speaker, quotes) VALUES (@pk, @text, @speaker, @quotes)", ct,
            ("@pk", pk), ("@text", content.Text), ("@speaker", content.Speaker), ("@quotes", ClaimDocuments.Quotes(content)));
    }

    protected override (string Condition, string Parameter) SearchCondition(IReadOnlyList<(string Word, bool Prefix)> words) =>
        // FTS5: each word a quoted string, all required; "word"* matches a prefix.
        ("pk IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH @query)",
         string.Join(' ', words.Select(w => $"\"{w.Word}\"" + (w.Prefix ? "*" : ""))));
}
