namespace FactCheck.Claims.Storage;

/// <summary>
/// The SQLite schema, as numbered migrations. Append new ones; never edit one that shipped.
/// Claims are stored as JSON documents; the columns and side tables beside them exist only
/// to filter and order.
/// </summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE claims (
                pk INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                status INTEGER NOT NULL,
                speaker_folded TEXT NOT NULL,
                due_ticks INTEGER NULL,
                due_sort INTEGER NOT NULL,
                parent_id TEXT NULL,
                revision INTEGER NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX claims_by_due ON claims (due_sort, pk);
            CREATE INDEX claims_by_status ON claims (status, pk);
            CREATE INDEX claims_by_speaker ON claims (speaker_folded, pk);
            CREATE INDEX claims_by_parent ON claims (parent_id, pk);

            CREATE TABLE claim_tags (
                tag TEXT NOT NULL,
                claim_pk INTEGER NOT NULL,
                PRIMARY KEY (tag, claim_pk)
            ) WITHOUT ROWID;
            CREATE INDEX claim_tags_by_claim ON claim_tags (claim_pk);

            CREATE TABLE claim_sources (
                claim_pk INTEGER NOT NULL,
                url TEXT NOT NULL,
                publisher_folded TEXT NOT NULL
            );
            CREATE INDEX claim_sources_by_url ON claim_sources (url, claim_pk);
            CREATE INDEX claim_sources_by_publisher ON claim_sources (publisher_folded, claim_pk);
            CREATE INDEX claim_sources_by_claim ON claim_sources (claim_pk);

            CREATE VIRTUAL TABLE claims_fts USING fts5 (text, speaker, quotes, tokenize = 'unicode61 remove_diacritics 2');

            CREATE TABLE events (
                seq INTEGER PRIMARY KEY,
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
