using FactCheck.Storage;
using System.Data.Common;
using System.Globalization;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The claims store on any SQL database: claims as JSON documents beside the columns and side
/// tables used to filter and order them, one event table that is the history and the watch
/// sequence, and a request table for idempotency. Each database supplies only what differs
/// (<see cref="SqliteClaimStore"/>, <see cref="PostgresClaimStore"/>): how writers are
/// serialized, how text is searched, how other processes are woken.
///
/// Every write runs while holding the database-wide write lock, so event sequence numbers are
/// assigned in commit order: a reader that has seen sequence N never later finds a smaller
/// number committing behind it, and never sees a gap.
/// </summary>
public abstract class RelationalClaimStore(TimeProvider clock, ClaimEventSignal signal) : RelationalStore(clock), IClaimStore
{
    private const int MaxParentDepth = 64;

    public abstract Task MigrateAsync(CancellationToken ct);

    /// <summary>Indexes a claim's text, speaker and quotes for full-text search (replacing any earlier entry).</summary>
    protected abstract Task IndexSearchTextAsync(DbConnection connection, DbTransaction tx, long pk, ClaimContent content, bool replace, CancellationToken ct);

    /// <summary>A WHERE condition on claims matching the full-text parameter @query, and that parameter's value.</summary>
    protected abstract (string Condition, string Parameter) SearchCondition(IReadOnlyList<(string Word, bool Prefix)> words);

    /// <summary>Called inside the write transaction after an event is appended, to wake other processes on commit.</summary>
    protected virtual Task OnEventAppendedAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public Task<Claim> CreateAsync(string? claimId, ClaimContent content, ClaimStatus status, string statusDetail, WriteContext write, CancellationToken ct) =>
        WriteAsync("create", write, async (connection, tx) =>
        {
            var id = claimId ?? ClaimDocuments.NewClaimId();
            if (await FindAsync(connection, tx, id, ct) is not null)
            {
                throw Refusals.ClaimAlreadyExists(id);
            }

            await EnsureParentAsync(connection, tx, id, content.ParentId, ct);
            var now = Clock.GetUtcNow();
            var claim = new Claim(id, content, status, statusDetail, now, now, 1);
            var pk = await ScalarAsync<long>(connection, tx, """
                INSERT INTO claims (id, status, speaker_folded, due_ticks, due_sort, parent_id, revision, document)
                VALUES (@id, @status, @speaker, @due, @dueSort, @parent, @revision, @doc)
                RETURNING pk
                """, ct, ClaimColumns(claim));
            await WriteIndexesAsync(connection, tx, pk, content, replace: false, ct);
            await AppendEventAsync(connection, tx, new ClaimEvent(0, ClaimEventType.Created, claim, null, write.Actor, "", [], now, write.RequestId), ct);
            return claim;
        }, ct);

    public async Task<Claim> GetAsync(string claimId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return (await FindAsync(connection, null, claimId, ct))?.Claim ?? throw Refusals.ClaimNotFound(claimId);
    }

    public async Task<ClaimPage> ListAsync(ClaimFilter filter, ClaimOrder order, ListPosition? after, int pageSize, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        void Where(string condition, string name, object? value)
        {
            where.Add(condition);
            parameters.Add((name, value));
        }

        if (filter.Statuses.Count > 0)
        {
            where.Add($"status IN ({string.Join(", ", filter.Statuses.Select(s => (int)s))})");
        }

        if (!string.IsNullOrEmpty(filter.Speaker))
        {
            Where("speaker_folded = @speaker", "@speaker", ClaimDocuments.Fold(filter.Speaker));
        }

        if (!string.IsNullOrEmpty(filter.Tag))
        {
            Where("EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_pk = claims.pk AND t.tag = @tag)", "@tag", ClaimDocuments.Fold(filter.Tag));
        }

        if (!string.IsNullOrEmpty(filter.SourcePublisher))
        {
            Where("EXISTS (SELECT 1 FROM claim_sources s WHERE s.claim_pk = claims.pk AND s.publisher_folded = @publisher)", "@publisher", ClaimDocuments.Fold(filter.SourcePublisher));
        }

        if (!string.IsNullOrEmpty(filter.SourceUrl))
        {
            Where("EXISTS (SELECT 1 FROM claim_sources s WHERE s.claim_pk = claims.pk AND s.url = @url)", "@url", filter.SourceUrl);
        }

        if (filter.DueBefore is { } dueBefore)
        {
            Where("due_ticks < @dueBefore", "@dueBefore", dueBefore.UtcTicks);
        }

        if (filter.DueAfter is { } dueAfter)
        {
            Where("due_ticks >= @dueAfter", "@dueAfter", dueAfter.UtcTicks);
        }

        if (!string.IsNullOrEmpty(filter.ParentId))
        {
            Where("parent_id = @parent", "@parent", filter.ParentId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var words = ClaimDocuments.SearchWords(filter.Query);
            if (words.Count == 0)
            {
                return new ClaimPage([], null);
            }

            var (condition, query) = SearchCondition(words);
            Where(condition, "@query", query);
        }

        // Keyset pagination: a page starts right after the last row of the previous one, so it
        // costs the same wherever it is and rows inserted meanwhile are neither lost nor repeated.
        var limit = pageSize + 1;
        string Select(IEnumerable<string> conditions, string sortKey, string orderBy)
        {
            var all = where.Concat(conditions).ToList();
            return $"SELECT pk, {sortKey} AS sort_key, document FROM claims"
                + (all.Count > 0 ? " WHERE " + string.Join(" AND ", all) : "")
                + $" ORDER BY {orderBy} LIMIT {limit}";
        }

        string sql;
        if (order == ClaimOrder.DueSoonest)
        {
            if (after is null)
            {
                sql = Select([], "due_sort", "due_sort, pk");
            }
            else
            {
                // Two index range scans instead of "(due_sort, pk) > (s, k)": databases seek on the
                // first column only, so a deep page inside a large run of equal due times (every
                // claim without one) would otherwise scan the whole run.
                sql = $"SELECT pk, sort_key, document FROM ({Select(["due_sort = @afterSort", "pk > @afterKey"], "due_sort", "pk")}) AS same_due"
                    + $" UNION ALL SELECT pk, sort_key, document FROM ({Select(["due_sort > @afterSort"], "due_sort", "due_sort, pk")}) AS later"
                    + $" ORDER BY 2, 1 LIMIT {limit}";
                parameters.Add(("@afterSort", after.SortKey));
                parameters.Add(("@afterKey", after.RowKey));
            }
        }
        else
        {
            var ascending = order == ClaimOrder.Oldest;
            string[] keyset = after is null ? [] : [ascending ? "pk > @afterKey" : "pk < @afterKey"];
            if (after is not null)
            {
                parameters.Add(("@afterKey", after.RowKey));
            }

            sql = Select(keyset, "CAST(0 AS BIGINT)", ascending ? "pk ASC" : "pk DESC");
        }

        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claims = new List<Claim>();
        ListPosition? last = null;
        while (await reader.ReadAsync(ct))
        {
            if (claims.Count == pageSize)
            {
                return new ClaimPage(claims, last);
            }

            claims.Add(StoredJson.Read<Claim>(reader.GetString(2)));
            last = new ListPosition(reader.GetInt64(1), reader.GetInt64(0));
        }

        return new ClaimPage(claims, null);
    }

    public Task<Claim> UpdateContentAsync(string claimId, string? etag, Func<ClaimContent, ClaimContent> edit, WriteContext write, CancellationToken ct) =>
        WriteAsync("update", write, async (connection, tx) =>
        {
            var (pk, current) = await FindAsync(connection, tx, claimId, ct) ?? throw Refusals.ClaimNotFound(claimId);
            EnsureEtag(current, etag);
            var content = edit(current.Content);
            await EnsureParentAsync(connection, tx, claimId, content.ParentId, ct);
            var now = Clock.GetUtcNow();
            var updated = current with { Content = content, UpdateTime = now, Revision = current.Revision + 1 };
            await ExecuteAsync(connection, tx, """
                UPDATE claims SET status = @status, speaker_folded = @speaker, due_ticks = @due, due_sort = @dueSort,
                                  parent_id = @parent, revision = @revision, document = @doc
                WHERE id = @id
                """, ct, ClaimColumns(updated));
            await ExecuteAsync(connection, tx, "DELETE FROM claim_tags WHERE claim_pk = @pk", ct, ("@pk", pk));
            await ExecuteAsync(connection, tx, "DELETE FROM claim_sources WHERE claim_pk = @pk", ct, ("@pk", pk));
            await WriteIndexesAsync(connection, tx, pk, content, replace: true, ct);
            await AppendEventAsync(connection, tx, new ClaimEvent(0, ClaimEventType.Updated, updated, current.Status, write.Actor, "", [], now, write.RequestId), ct);
            return updated;
        }, ct);

    public Task<Claim> ChangeStatusAsync(string claimId, string? etag, StatusChange change, WriteContext write, CancellationToken ct) =>
        WriteAsync("status", write, async (connection, tx) =>
        {
            var (_, current) = await FindAsync(connection, tx, claimId, ct) ?? throw Refusals.ClaimNotFound(claimId);
            EnsureEtag(current, etag);
            if (!StatusTransitions.IsAllowed(current.Status, change.Status))
            {
                throw Refusals.TransitionNotAllowed(current.Status, change.Status);
            }

            var now = Clock.GetUtcNow();
            var updated = current with { Status = change.Status, StatusDetail = change.Detail, UpdateTime = now, Revision = current.Revision + 1 };
            await ExecuteAsync(connection, tx, "UPDATE claims SET status = @status, revision = @revision, document = @doc WHERE id = @id", ct, ClaimColumns(updated));
            await AppendEventAsync(connection, tx, new ClaimEvent(0, ClaimEventType.StatusChanged, updated, current.Status, write.Actor, change.Reason, change.Evidence, now, write.RequestId), ct);
            return updated;
        }, ct);

    public async Task<IReadOnlyList<ClaimEvent>> ListHistoryAsync(string claimId, long afterSequence, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        if (await FindAsync(connection, null, claimId, ct) is null)
        {
            throw Refusals.ClaimNotFound(claimId);
        }

        return await ReadEventsAsync(connection, "claim_id = @claim AND seq > @after", limit, ct, ("@claim", claimId), ("@after", afterSequence));
    }

    public async Task<IReadOnlyList<ClaimEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadEventsAsync(connection, "seq > @after", limit, ct, ("@after", afterSequence));
    }

    private static async Task<IReadOnlyList<ClaimEvent>> ReadEventsAsync(DbConnection connection, string where, int limit, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, null, $"SELECT seq, document FROM events WHERE {where} ORDER BY seq LIMIT {limit}", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<ClaimEvent>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(StoredJson.Read<ClaimEvent>(reader.GetString(1)) with { Sequence = reader.GetInt64(0) });
        }

        return events;
    }

    /// <summary>
    /// Runs one write transaction under the write lock. With a request id, a repeat of the same
    /// request returns the stored first result and writes nothing; a different request under
    /// that id is refused.
    /// </summary>
    private async Task<Claim> WriteAsync(string method, WriteContext write, Func<DbConnection, DbTransaction, Task<Claim>> body, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var scope = await BeginWriteAsync(connection, ct);
        var tx = scope.Transaction;
        // Keys are scoped to the caller and the method: two callers who pick the same id never see each other's results.
        var requestKey = string.IsNullOrEmpty(write.RequestId) ? null : $"{method}:{write.Actor}:{write.RequestId}";
        if (requestKey is not null)
        {
            await using var lookup = Command(connection, tx, "SELECT fingerprint, response FROM requests WHERE request_key = @key", ("@key", requestKey));
            await using var reader = await lookup.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return reader.GetString(0) == write.RequestFingerprint
                    ? StoredJson.Read<Claim>(reader.GetString(1))
                    : throw Refusals.RequestIdReused(write.RequestId);
            }
        }

        var result = await body(connection, tx);
        if (requestKey is not null)
        {
            await ExecuteAsync(connection, tx, "INSERT INTO requests (request_key, fingerprint, response) VALUES (@key, @fp, @response)", ct,
                ("@key", requestKey), ("@fp", write.RequestFingerprint), ("@response", StoredJson.Write(result)));
        }

        await tx.CommitAsync(ct);
        signal.Notify();
        return result;
    }

    private static void EnsureEtag(Claim current, string? etag)
    {
        if (!string.IsNullOrEmpty(etag) && etag != current.Etag)
        {
            throw Refusals.EtagMismatch(current.Id, etag, current.Etag);
        }
    }

    /// <summary>A parent must exist, and following parents from it must never lead back to the claim.</summary>
    private static async Task EnsureParentAsync(DbConnection connection, DbTransaction tx, string claimId, string? parentId, CancellationToken ct)
    {
        var next = parentId;
        for (var depth = 0; next is not null; depth++)
        {
            if (next == claimId)
            {
                throw Refusals.Invalid("claim.parent", $"'claims/{parentId}' depends on this claim; a claim cannot depend on itself");
            }

            var found = await FindAsync(connection, tx, next, ct)
                ?? throw Refusals.Invalid("claim.parent", $"claim 'claims/{next}' does not exist");
            if (depth == MaxParentDepth)
            {
                throw Refusals.Invalid("claim.parent", $"chains of parents may be at most {MaxParentDepth} deep");
            }

            next = found.Claim.Content.ParentId;
        }
    }

    private static async Task<(long Pk, Claim Claim)?> FindAsync(DbConnection connection, DbTransaction? tx, string claimId, CancellationToken ct)
    {
        await using var command = Command(connection, tx, "SELECT pk, document FROM claims WHERE id = @id", ("@id", claimId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), StoredJson.Read<Claim>(reader.GetString(1))) : null;
    }

    private static (string, object?)[] ClaimColumns(Claim claim) =>
    [
        ("@id", claim.Id),
        ("@status", (int)claim.Status),
        ("@speaker", ClaimDocuments.Fold(claim.Content.Speaker)),
        ("@due", claim.Content.DueTime?.UtcTicks),
        ("@dueSort", ClaimDocuments.DueSortKey(claim.Content.DueTime)),
        ("@parent", claim.Content.ParentId),
        ("@revision", claim.Revision),
        ("@doc", StoredJson.Write(claim)),
    ];

    private async Task WriteIndexesAsync(DbConnection connection, DbTransaction tx, long pk, ClaimContent content, bool replace, CancellationToken ct)
    {
        foreach (var tag in content.Tags.Select(ClaimDocuments.Fold).Distinct())
        {
            await ExecuteAsync(connection, tx, "INSERT INTO claim_tags (tag, claim_pk) VALUES (@tag, @pk)", ct, ("@tag", tag), ("@pk", pk));
        }

        foreach (var source in content.Sources)
        {
            await ExecuteAsync(connection, tx, "INSERT INTO claim_sources (claim_pk, url, publisher_folded) VALUES (@pk, @url, @publisher)", ct,
                ("@pk", pk), ("@url", source.Url), ("@publisher", ClaimDocuments.Fold(source.Publisher)));
        }

        await IndexSearchTextAsync(connection, tx, pk, content, replace, ct);
    }

    /// <summary>Appends an event with the next sequence number; the write lock makes MAX + 1 safe and gap-free.</summary>
    private async Task AppendEventAsync(DbConnection connection, DbTransaction tx, ClaimEvent claimEvent, CancellationToken ct)
    {
        await ExecuteAsync(connection, tx, "INSERT INTO events (seq, claim_id, document) SELECT COALESCE(MAX(seq), 0) + 1, @claim, @doc FROM events", ct,
            ("@claim", claimEvent.Claim.Id), ("@doc", StoredJson.Write(claimEvent)));
        await OnEventAppendedAsync(connection, tx, ct);
    }

}
