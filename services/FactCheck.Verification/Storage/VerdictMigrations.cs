using FactCheck.Storage;

namespace FactCheck.Verification.Storage;

/// <summary>
/// The verification schema, as numbered migrations, one list for every database: the dialect
/// spells the few pieces that differ. Append new ones; never edit one that shipped. Verdicts are
/// stored as JSON documents; the columns beside them exist to filter and order.
/// </summary>
public static class VerdictMigrations
{
    /// <summary>The operation name under which RecordVerdict's requests are keyed (<see cref="WriteContext.IdempotencyKey"/>).</summary>
    public const string RecordOperation = "record";

    public static IReadOnlyList<(int Version, string Sql)> For(SqlDialect d) =>
    [
        (1, $"""
            CREATE TABLE verdicts (
                seq {d.AutoIncrementKey},
                id TEXT NOT NULL UNIQUE,
                claim_id TEXT NOT NULL,
                outbox_seq {d.BigInteger} NOT NULL,
                state INTEGER NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX verdicts_by_claim ON verdicts (claim_id, seq);

            -- state: 0 queued, 1 done. Rows are kept after delivery as a record of what was sent.
            CREATE TABLE outbox (
                seq {d.AutoIncrementKey},
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
        // Request ids become the caller's own (AIP-155), keyed as WriteContext.IdempotencyKey does:
        // a row recorded under a bare id moves to the key of the caller who recorded its verdict.
        (3, $"""
            ALTER TABLE requests RENAME COLUMN request_id TO request_key;
            UPDATE requests SET request_key = '{RecordOperation}:'
                || (SELECT {d.JsonText("v.document", nameof(Domain.Verdict.Recorder))} FROM verdicts v WHERE v.id = requests.verdict_id)
                || ':' || request_key;
            """),
        // The claims service's update_time of the claim as a row's delivery left it: the mark the
        // reconcile pass compares with what the claims service has now (ReconcileRules). Rows
        // delivered before this migration have none, and the pass skips claims without one.
        (4, """
            ALTER TABLE outbox ADD COLUMN claim_update_time TEXT NULL;
            CREATE INDEX outbox_applied ON outbox (claim_id, seq) WHERE claim_update_time IS NOT NULL;
            """),
        // The verdict lane's look-up (OutboxLane.Verdicts): the queued verdict rows alone, so a
        // backlog of overdue checks behind them is never read to find them.
        (5, $"CREATE INDEX outbox_queued_verdicts ON outbox (seq) WHERE state = 0 AND kind = '{nameof(OutboxKind.Verdict)}'"),
    ];
}
