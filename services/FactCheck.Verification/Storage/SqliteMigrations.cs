namespace FactCheck.Verification.Storage;

/// <summary>
/// The SQLite schema, as numbered migrations. Append new ones; never edit one that shipped.
/// Verdicts are stored as JSON documents; the columns beside them exist to filter and order.
/// </summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE verdicts (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                claim_id TEXT NOT NULL,
                outbox_seq INTEGER NOT NULL,
                state INTEGER NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX verdicts_by_claim ON verdicts (claim_id, seq);

            -- state: 0 queued, 1 done. Rows are kept after delivery as a record of what was sent.
            CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                claim_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                verdict_id TEXT NULL,
                state INTEGER NOT NULL,
                queue_time TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                last_error TEXT NOT NULL,
                done_time TEXT NULL
            );
            CREATE INDEX outbox_queued ON outbox (state, claim_id, seq);

            CREATE TABLE requests (
                request_id TEXT PRIMARY KEY,
                fingerprint TEXT NOT NULL,
                verdict_id TEXT NOT NULL
            );

            CREATE TABLE claim_snapshots (
                claim_id TEXT PRIMARY KEY,
                document TEXT NOT NULL
            );
            """),
        // The trace context of the call that queued a row, so its delivery joins that trace.
        (2, "ALTER TABLE outbox ADD COLUMN trace_parent TEXT NOT NULL DEFAULT ''"),
    ];
}
