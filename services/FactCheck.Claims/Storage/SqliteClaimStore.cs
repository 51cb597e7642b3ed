using System.Globalization;
using System.Text;
using FactCheck.Claims.Domain;
using Microsoft.Data.Sqlite;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialized (a process-wide
/// lock plus BEGIN IMMEDIATE against other processes), so event sequence numbers are
/// assigned and committed in the same order and readers never see a gap.
/// </summary>
public sealed class SqliteClaimStore(string connectionString, TimeProvider clock, ClaimEventSignal signal) : IClaimStore, IDisposable
{
    private const int MaxParentDepth = 64;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public void Dispose() => _writeLock.Dispose();

    public async Task MigrateAsync(CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", ct);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_time TEXT NOT NULL);", ct);
        await _writeLock.WaitAsync(ct);
        try
        {
            foreach (var (version, sql) in SqliteMigrations.All)
            {
                await using var tx = connection.BeginTransaction();
                var applied = await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = $v", ct, ("$v", version));
                if (applied == 0)
                {
                    await ExecuteAsync(connection, tx, sql, ct);
                    await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, applied_time) VALUES ($v, $t)", ct,
                        ("$v", version), ("$t", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
                }

                await tx.CommitAsync(ct);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM schema_migrations", ct);
    }

    public Task<Claim> CreateAsync(string? claimId, ClaimContent content, ClaimStatus status, string statusDetail, WriteContext write, CancellationToken ct) =>
        WriteAsync("create", write, async (connection, tx) =>
        {
            var id = claimId ?? ClaimDocuments.NewClaimId();
            if (await FindAsync(connection, tx, id, ct) is not null)
            {
                throw new ClaimAlreadyExistsException(id);
            }

            await EnsureParentAsync(connection, tx, id, content.ParentId, ct);
            var now = clock.GetUtcNow();
            var claim = new Claim(id, content, status, statusDetail, now, now, 1);
            var pk = await ScalarAsync<long>(connection, tx, """
                INSERT INTO claims (id, status, speaker_folded, due_ticks, due_sort, parent_id, revision, document)
                VALUES ($id, $status, $speaker, $due, $dueSort, $parent, $revision, $doc)
                RETURNING pk
                """, ct, ClaimColumns(claim));
            await WriteIndexesAsync(connection, tx, pk, content, ct);
            await AppendEventAsync(connection, tx, new ClaimEvent(0, ClaimEventType.Created, claim, null, write.Actor, "", [], now, write.RequestId), ct);
            return claim;
        }, ct);

    public async Task<Claim> GetAsync(string claimId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return (await FindAsync(connection, null, claimId, ct))?.Claim ?? throw new ClaimNotFoundException(claimId);
    }

    public async Task<ClaimPage> ListAsync(ClaimFilter filter, ClaimOrder order, ListPosition? after, int pageSize, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        void Param(string name, object? value) => parameters.Add((name, value));

        if (filter.Statuses.Count > 0)
        {
            where.Add($"status IN ({string.Join(", ", filter.Statuses.Select(s => (int)s))})");
        }

        if (!string.IsNullOrEmpty(filter.Speaker))
        {
            where.Add("speaker_folded = $speaker");
            Param("$speaker", ClaimDocuments.Fold(filter.Speaker));
        }

        if (!string.IsNullOrEmpty(filter.Tag))
        {
            where.Add("pk IN (SELECT claim_pk FROM claim_tags WHERE tag = $tag)");
            Param("$tag", ClaimDocuments.Fold(filter.Tag));
        }

        if (!string.IsNullOrEmpty(filter.SourcePublisher))
        {
            where.Add("pk IN (SELECT claim_pk FROM claim_sources WHERE publisher_folded = $publisher)");
            Param("$publisher", ClaimDocuments.Fold(filter.SourcePublisher));
        }

        if (!string.IsNullOrEmpty(filter.SourceUrl))
        {
            where.Add("pk IN (SELECT claim_pk FROM claim_sources WHERE url = $url)");
            Param("$url", filter.SourceUrl);
        }

        if (filter.DueBefore is { } before)
        {
            where.Add("due_ticks < $dueBefore");
            Param("$dueBefore", before.UtcTicks);
        }

        if (filter.DueAfter is { } dueAfter)
        {
            where.Add("due_ticks >= $dueAfter");
            Param("$dueAfter", dueAfter.UtcTicks);
        }

        if (!string.IsNullOrEmpty(filter.ParentId))
        {
            where.Add("parent_id = $parent");
            Param("$parent", filter.ParentId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var match = ClaimDocuments.FullTextQuery(filter.Query);
            if (match is null)
            {
                return new ClaimPage([], null);
            }

            where.Add("pk IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH $query)");
            Param("$query", match);
        }

        // Keyset pagination: the page starts right after the last row of the previous one, so a
        // page costs the same wherever it is and rows inserted meanwhile are neither lost nor repeated.
        var (sortExpression, orderBy) = order switch
        {
            ClaimOrder.Oldest => ("0", "pk ASC"),
            ClaimOrder.DueSoonest => ("due_sort", "due_sort ASC, pk ASC"),
            _ => ("0", "pk DESC"),
        };
        if (after is not null)
        {
            where.Add(order switch
            {
                ClaimOrder.Oldest => "pk > $afterKey",
                ClaimOrder.DueSoonest => "(due_sort, pk) > ($afterSort, $afterKey)",
                _ => "pk < $afterKey",
            });
            Param("$afterKey", after.RowKey);
            Param("$afterSort", after.SortKey);
        }

        var sql = new StringBuilder($"SELECT pk, {sortExpression}, document FROM claims");
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY {orderBy} LIMIT {pageSize + 1}");

        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql.ToString(), parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claims = new List<Claim>();
        ListPosition? last = null;
        while (await reader.ReadAsync(ct))
        {
            if (claims.Count == pageSize)
            {
                return new ClaimPage(claims, last);
            }

            claims.Add(ClaimDocuments.Read<Claim>(reader.GetString(2)));
            last = new ListPosition(reader.GetInt64(1), reader.GetInt64(0));
        }

        return new ClaimPage(claims, null);
    }

    public Task<Claim> UpdateContentAsync(string claimId, string? etag, Func<ClaimContent, ClaimContent> edit, WriteContext write, CancellationToken ct) =>
        WriteAsync("update", write, async (connection, tx) =>
        {
            var (pk, current) = await FindAsync(connection, tx, claimId, ct) ?? throw new ClaimNotFoundException(claimId);
            EnsureEtag(current, etag);
            var content = edit(current.Content);
            await EnsureParentAsync(connection, tx, claimId, content.ParentId, ct);
            var now = clock.GetUtcNow();
            var updated = current with { Content = content, UpdateTime = now, Revision = current.Revision + 1 };
            await ExecuteAsync(connection, tx, """
                UPDATE claims SET status = $status, speaker_folded = $speaker, due_ticks = $due, due_sort = $dueSort,
                                  parent_id = $parent, revision = $revision, document = $doc
                WHERE id = $id
                """, ct, ClaimColumns(updated));
            await ExecuteAsync(connection, tx, "DELETE FROM claim_tags WHERE claim_pk = $pk; DELETE FROM claim_sources WHERE claim_pk = $pk; DELETE FROM claims_fts WHERE rowid = $pk;", ct, ("$pk", pk));
            await WriteIndexesAsync(connection, tx, pk, content, ct);
            await AppendEventAsync(connection, tx, new ClaimEvent(0, ClaimEventType.Updated, updated, current.Status, write.Actor, "", [], now, write.RequestId), ct);
            return updated;
        }, ct);

    public Task<Claim> ChangeStatusAsync(string claimId, string? etag, StatusChange change, WriteContext write, CancellationToken ct) =>
        WriteAsync("status", write, async (connection, tx) =>
        {
            var (_, current) = await FindAsync(connection, tx, claimId, ct) ?? throw new ClaimNotFoundException(claimId);
            EnsureEtag(current, etag);
            StatusTransitions.Ensure(current.Status, change.Status);
            var now = clock.GetUtcNow();
            var updated = current with { Status = change.Status, StatusDetail = change.Detail, UpdateTime = now, Revision = current.Revision + 1 };
            await ExecuteAsync(connection, tx, "UPDATE claims SET status = $status, revision = $revision, document = $doc WHERE id = $id", ct, ClaimColumns(updated));
            await AppendEventAsync(connection, tx, new ClaimEvent(0, ClaimEventType.StatusChanged, updated, current.Status, write.Actor, change.Reason, change.Evidence, now, write.RequestId), ct);
            return updated;
        }, ct);

    public async Task<IReadOnlyList<ClaimEvent>> ListHistoryAsync(string claimId, long afterSequence, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        if (await FindAsync(connection, null, claimId, ct) is null)
        {
            throw new ClaimNotFoundException(claimId);
        }

        return await ReadEventsAsync(connection, "claim_id = $claim AND seq > $after", limit, ct, ("$claim", claimId), ("$after", afterSequence));
    }

    public async Task<IReadOnlyList<ClaimEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadEventsAsync(connection, "seq > $after", limit, ct, ("$after", afterSequence));
    }

    private static async Task<IReadOnlyList<ClaimEvent>> ReadEventsAsync(SqliteConnection connection, string where, int limit, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, null, $"SELECT seq, document FROM events WHERE {where} ORDER BY seq LIMIT {limit}", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<ClaimEvent>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(ClaimDocuments.Read<ClaimEvent>(reader.GetString(1)) with { Sequence = reader.GetInt64(0) });
        }

        return events;
    }

    /// <summary>
    /// Runs one write transaction. With a request id, a repeat of the same request returns the
    /// stored first result and writes nothing; a different request under that id is refused.
    /// </summary>
    private async Task<Claim> WriteAsync(string method, WriteContext write, Func<SqliteConnection, SqliteTransaction, Task<Claim>> body, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var tx = connection.BeginTransaction(deferred: false);
            var requestKey = string.IsNullOrEmpty(write.RequestId) ? null : $"{method}:{write.RequestId}";
            if (requestKey is not null)
            {
                await using var lookup = Command(connection, tx, "SELECT fingerprint, response FROM requests WHERE request_key = $key", ("$key", requestKey));
                await using var reader = await lookup.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    return reader.GetString(0) == write.RequestFingerprint
                        ? ClaimDocuments.Read<Claim>(reader.GetString(1))
                        : throw new RequestIdReusedException(write.RequestId);
                }
            }

            var result = await body(connection, tx);
            if (requestKey is not null)
            {
                await ExecuteAsync(connection, tx, "INSERT INTO requests (request_key, fingerprint, response) VALUES ($key, $fp, $response)", ct,
                    ("$key", requestKey), ("$fp", write.RequestFingerprint), ("$response", ClaimDocuments.Write(result)));
            }

            await tx.CommitAsync(ct);
            signal.Notify();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void EnsureEtag(Claim current, string? etag)
    {
        if (!string.IsNullOrEmpty(etag) && etag != current.Etag)
        {
            throw new EtagMismatchException(current.Id, etag, current.Etag);
        }
    }

    /// <summary>A parent must exist, and following parents from it must never lead back to the claim.</summary>
    private static async Task EnsureParentAsync(SqliteConnection connection, SqliteTransaction tx, string claimId, string? parentId, CancellationToken ct)
    {
        var next = parentId;
        for (var depth = 0; next is not null; depth++)
        {
            if (next == claimId)
            {
                throw new ClaimValidationException([new("claim.parent", $"'claims/{parentId}' depends on this claim; a claim cannot depend on itself")]);
            }

            var found = await FindAsync(connection, tx, next, ct);
            if (found is null)
            {
                throw new ClaimValidationException([new("claim.parent", $"claim 'claims/{next}' does not exist")]);
            }

            if (depth == MaxParentDepth)
            {
                throw new ClaimValidationException([new("claim.parent", $"chains of parents may be at most {MaxParentDepth} deep")]);
            }

            next = found.Value.Claim.Content.ParentId;
        }
    }

    private static async Task<(long Pk, Claim Claim)?> FindAsync(SqliteConnection connection, SqliteTransaction? tx, string claimId, CancellationToken ct)
    {
        await using var command = Command(connection, tx, "SELECT pk, document FROM claims WHERE id = $id", ("$id", claimId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), ClaimDocuments.Read<Claim>(reader.GetString(1))) : null;
    }

    private static (string, object?)[] ClaimColumns(Claim claim) =>
    [
        ("$id", claim.Id),
        ("$status", (int)claim.Status),
        ("$speaker", ClaimDocuments.Fold(claim.Content.Speaker)),
        ("$due", claim.Content.DueTime?.UtcTicks),
        ("$dueSort", ClaimDocuments.DueSortKey(claim.Content.DueTime)),
        ("$parent", claim.Content.ParentId),
        ("$revision", claim.Revision),
        ("$doc", ClaimDocuments.Write(claim)),
    ];

    private static async Task WriteIndexesAsync(SqliteConnection connection, SqliteTransaction tx, long pk, ClaimContent content, CancellationToken ct)
    {
        foreach (var tag in content.Tags.Select(ClaimDocuments.Fold).Distinct())
        {
            await ExecuteAsync(connection, tx, "INSERT INTO claim_tags (tag, claim_pk) VALUES ($tag, $pk)", ct, ("$tag", tag), ("$pk", pk));
        }

        foreach (var source in content.Sources)
        {
            await ExecuteAsync(connection, tx, "INSERT INTO claim_sources (claim_pk, url, publisher_folded) VALUES ($pk, $url, $publisher)", ct,
                ("$pk", pk), ("$url", source.Url), ("$publisher", ClaimDocuments.Fold(source.Publisher)));
        }

        await ExecuteAsync(connection, tx, "INSERT INTO claims_fts (rowid, text, speaker, quotes) VALUES ($pk, $text, $speaker, $quotes)", ct,
            ("$pk", pk), ("$text", content.Text), ("$speaker", content.Speaker), ("$quotes", ClaimDocuments.Quotes(content)));
    }

    private static async Task AppendEventAsync(SqliteConnection connection, SqliteTransaction tx, ClaimEvent claimEvent, CancellationToken ct) =>
        await ExecuteAsync(connection, tx, "INSERT INTO events (claim_id, document) VALUES ($claim, $doc)", ct,
            ("$claim", claimEvent.Claim.Id), ("$doc", ClaimDocuments.Write(claimEvent)));

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }
}
