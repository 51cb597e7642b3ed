using System.Data.Common;
using FactCheck.Claims.Domain;
using Microsoft.Data.Sqlite;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, no set-up. Writers are serialized by a
/// process-wide lock (cheap, no busy waiting) plus BEGIN IMMEDIATE against other processes on
/// the same file; full-text search uses an FTS5 table keyed by the claim's row.
/// </summary>
public sealed class SqliteClaimStore(string connectionString, TimeProvider clock, ClaimEventSignal signal)
    : RelationalClaimStore(clock, signal), IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public string ConnectionString => connectionString;

    public void Dispose() => _writeLock.Dispose();

    public override async Task MigrateAsync(CancellationToken ct)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(ct);
        // WAL lets readers (lists, watches) proceed while a writer commits; it is a property of the file.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", ct);
        await _writeLock.WaitAsync(ct);
        try
        {
            await ApplyMigrationsAsync(connection, SqliteMigrations.All, ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    protected override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            // deferred: false is BEGIN IMMEDIATE: the file's write lock is taken now, not on first write.
            return new WriteScope(((SqliteConnection)connection).BeginTransaction(deferred: false), () => _writeLock.Release());
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
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
