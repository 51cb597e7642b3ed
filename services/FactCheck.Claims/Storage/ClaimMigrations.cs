using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The claims schema, as numbered migrations, one list for every database: the dialect spells
/// the few types that differ and <see cref="ClaimSearch"/> adds its full-text part. Append new
/// ones; never edit one that shipped. Claims are stored as JSON documents; the columns and side
/// tables beside them exist only to filter and order.
/// </summary>
public static class ClaimMigrations
{
    public static IReadOnlyList<(int Version, string Sql)> For(SqlDialect d, ClaimSearch search) =>
    [
        (1, $"""
            CREATE TABLE claims (
                pk {d.AutoIncrementKey},
                id TEXT NOT NULL UNIQUE,
                status INTEGER NOT NULL,
                speaker_folded TEXT NOT NULL,
                due_ticks {d.BigInteger} NULL,
                due_sort {d.BigInteger} NOT NULL,
                parent_id TEXT NULL,
                revision {d.BigInteger} NOT NULL,
                document TEXT NOT NULL{search.ClaimsColumn}
            );
            CREATE INDEX claims_by_due ON claims (due_sort, pk);
            CREATE INDEX claims_by_status ON claims (status, pk);
            CREATE INDEX claims_by_speaker ON claims (speaker_folded, pk);
            CREATE INDEX claims_by_parent ON claims (parent_id, pk);

            CREATE TABLE claim_tags (
                tag TEXT NOT NULL,
                claim_pk {d.BigInteger} NOT NULL,
                PRIMARY KEY (tag, claim_pk)
            ){d.WithoutRowId};
            CREATE INDEX claim_tags_by_claim ON claim_tags (claim_pk);

            CREATE TABLE claim_sources (
                claim_pk {d.BigInteger} NOT NULL,
                url TEXT NOT NULL,
                publisher_folded TEXT NOT NULL
            );
            CREATE INDEX claim_sources_by_url ON claim_sources (url, claim_pk);
            CREATE INDEX claim_sources_by_publisher ON claim_sources (publisher_folded, claim_pk);
            CREATE INDEX claim_sources_by_claim ON claim_sources (claim_pk);

            {search.Schema}

            CREATE TABLE events (
                seq {d.BigInteger} PRIMARY KEY,
                claim_id TEXT NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX events_by_claim ON events (claim_id, seq);

            CREATE TABLE requests (
                request_key TEXT PRIMARY KEY,
                fingerprint TEXT NOT NULL,
                response TEXT NOT NULL
            );
            """),
        // Similar-claim matching: each claim's sentence embeddings (of its text, and of its sources'
        // titles when it has any), with the model that made them and a hash of what they were made
        // from, so a restart recomputes nothing and a change of model or text is seen (Matching/ClaimIndexer).
        (2, $"""
            CREATE TABLE claim_vectors (
                claim_pk {d.BigInteger} PRIMARY KEY,
                model TEXT NOT NULL,
                text_hash {d.BigInteger} NOT NULL,
                vector {d.Binary} NOT NULL,
                title_vector {d.Binary} NULL
            );
            """),
        // The sources' titles joined their quotes in the full-text index: index what is stored again.
        (3, search.Rebuild),
        // Webhooks (Storage/ClaimStoreWebhooks): each webhook with its sealed secrets and its
        // cursor in the event sequence; a row per event to deliver to it, in its claim's queue
        // (queue_order), leased by one deliverer at a time; the latest attempts of each.
        (4, $"""
            CREATE TABLE webhooks (
                pk {d.AutoIncrementKey},
                id TEXT NOT NULL UNIQUE,
                owner TEXT NOT NULL,
                state INTEGER NOT NULL,
                revision {d.BigInteger} NOT NULL,
                document TEXT NOT NULL,
                secret {d.Binary} NOT NULL,
                previous_secret {d.Binary} NULL,
                previous_secret_until {d.BigInteger} NULL,
                cursor_seq {d.BigInteger} NOT NULL
            );
            CREATE INDEX webhooks_by_owner ON webhooks (owner);

            CREATE TABLE webhook_deliveries (
                pk {d.AutoIncrementKey},
                webhook_pk {d.BigInteger} NOT NULL,
                seq {d.BigInteger} NOT NULL,
                claim_id TEXT NOT NULL,
                event_type INTEGER NOT NULL,
                state INTEGER NOT NULL,
                queue_order {d.BigInteger} NOT NULL,
                attempt_count INTEGER NOT NULL,
                first_attempt_ticks {d.BigInteger} NULL,
                next_attempt_ticks {d.BigInteger} NOT NULL,
                create_ticks {d.BigInteger} NOT NULL,
                lease_owner TEXT NULL,
                lease_until_ticks {d.BigInteger} NULL,
                UNIQUE (webhook_pk, seq)
            );
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_ticks);
            CREATE INDEX webhook_deliveries_by_claim ON webhook_deliveries (webhook_pk, claim_id, state, queue_order);

            CREATE TABLE webhook_attempts (
                delivery_pk {d.BigInteger} NOT NULL,
                attempt INTEGER NOT NULL,
                time_ticks {d.BigInteger} NOT NULL,
                http_status INTEGER NOT NULL,
                error TEXT NOT NULL,
                duration_ticks {d.BigInteger} NOT NULL,
                PRIMARY KEY (delivery_pk, attempt)
            );
            """),
    ];
}
