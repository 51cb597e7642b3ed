namespace FactCheck.Claims.Storage;

/// <summary>
/// The PostgreSQL schema, as numbered migrations (the same tables as <see cref="SqliteMigrations"/>,
/// with a tsvector column for full-text search). Append new ones; never edit one that shipped.
/// </summary>
public static class PostgresMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            -- Accent-insensitive search, as SQLite's FTS5 tokenizer does it (remove_diacritics).
            -- unaccent is a trusted extension: the database's owner may create it.
            CREATE EXTENSION IF NOT EXISTS unaccent;

            CREATE TABLE claims (
                pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                status INTEGER NOT NULL,
                speaker_folded TEXT NOT NULL,
                due_ticks BIGINT NULL,
                due_sort BIGINT NOT NULL,
                parent_id TEXT NULL,
                revision BIGINT NOT NULL,
                document TEXT NOT NULL,
                search TSVECTOR NULL
            );
            CREATE INDEX claims_by_due ON claims (due_sort, pk);
            CREATE INDEX claims_by_status ON claims (status, pk);
            CREATE INDEX claims_by_speaker ON claims (speaker_folded, pk);
            CREATE INDEX claims_by_parent ON claims (parent_id, pk);
            CREATE INDEX claims_by_search ON claims USING GIN (search);

            CREATE TABLE claim_tags (
                tag TEXT NOT NULL,
                claim_pk BIGINT NOT NULL,
                PRIMARY KEY (tag, claim_pk)
            );
            CREATE INDEX claim_tags_by_claim ON claim_tags (claim_pk);

            CREATE TABLE claim_sources (
                claim_pk BIGINT NOT NULL,
                url TEXT NOT NULL,
                publisher_folded TEXT NOT NULL
            );
            CREATE INDEX claim_sources_by_url ON claim_sources (url, claim_pk);
            CREATE INDEX claim_sources_by_publisher ON claim_sources (publisher_folded, claim_pk);
            CREATE INDEX claim_sources_by_claim ON claim_sources (claim_pk);

            CREATE TABLE events (
                seq BIGINT PRIMARY KEY,
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
    ];
}
