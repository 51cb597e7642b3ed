using FactCheck.Storage;
using System.Data.Common;
using Npgsql;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The scale-out store: several claims-service replicas share one PostgreSQL database.
///
/// Writers take one transaction-scoped advisory lock (<see cref="PostgresDatabase"/>), so events
/// get their sequence numbers in commit order: that keeps the sequence gap-free for readers on
/// every replica. The price is that writes are serialized across replicas, as they are on
/// SQLite; reads are not.
///
/// Each commit that appends an event also sends NOTIFY on <see cref="Channel"/>; a
/// <see cref="PostgresEventListener"/> on every replica turns that into a local wake-up.
/// </summary>
public sealed class PostgresClaimStore(NpgsqlDataSource dataSource, TimeProvider clock, ClaimEventSignal signal)
    : RelationalClaimStore(clock, signal)
{
    /// <summary>The LISTEN/NOTIFY channel that wakes watchers after a commit.</summary>
    public const string Channel = "factcheck_claim_events";

    // Arbitrary but fixed keys for pg_advisory_lock: one for writes, one for migrations.
    private readonly PostgresDatabase _database = new(dataSource, writeLockKey: 0x4643_436C_6169_6D01, migrationLockKey: 0x4643_436C_6169_6D02);

    public override Task MigrateAsync(CancellationToken ct) =>
        _database.MigrateAsync(connection => ApplyMigrationsAsync(connection, PostgresMigrations.All, ct), ct);

    protected override Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    protected override async Task<WriteScope> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        new(await _database.BeginWriteAsync(connection, ct));

    protected override async Task IndexSearchTextAsync(DbConnection connection, DbTransaction tx, long pk, ClaimContent content, bool replace, CancellationToken ct) =>
        // 'simple' neither stems nor drops stop words and unaccent folds accents, matching the SQLite store's tokenizer.
        await ExecuteAsync(connection, tx, "UPDATE claims SET search = to_tsvector('simple', unaccent(@text || ' ' || @speaker || ' ' || @quotes)) WHERE pk = @pk", ct,
            ("@pk", pk), ("@text", content.Text), ("@speaker", content.Speaker), ("@quotes", ClaimDocuments.Quotes(content)));

    protected override (string Condition, string Parameter) SearchCondition(IReadOnlyList<(string Word, bool Prefix)> words) =>
        // Each word a quoted lexeme, all required (&); 'word':* matches a prefix.
        ("search @@ to_tsquery('simple', unaccent(@query))",
         string.Join(" & ", words.Select(w => $"'{w.Word.ToLowerInvariant()}'" + (w.Prefix ? ":*" : ""))));

    protected override async Task OnEventAppendedAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        // Delivered to listeners only when the transaction commits.
        await ExecuteAsync(connection, tx, $"NOTIFY {Channel}", ct);
}
