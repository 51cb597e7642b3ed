using System.Data.Common;
using System.Diagnostics;
using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>
/// The claims service's storage: the claims store, on SQLite or PostgreSQL alike (the <see cref="SqlDialect"/> and
/// <see cref="ClaimSearch"/> hold what differs): claims as JSON documents beside the columns and
/// side tables used to filter and order them, one event table that is the history and the watch
/// sequence, and a request table for idempotency. Every write is one transaction that also
/// appends its event, so the claim, its history and the watch sequence never disagree. What a
/// write does to a claim is decided by <see cref="ClaimDecisions"/>; the store reads what the
/// decision needs (the stored claim, its parent chain), stores its result and appends its event.
/// The request's own fields were checked before the write (the use cases in Application/), so
/// nothing here repeats those checks under the write lock. Refused writes throw the domain's
/// <see cref="RefusalException"/>.
///
/// Writes go through group commit (<see cref="RelationalStore.GroupWriteAsync{T}"/>): concurrent
/// writes share one transaction, each in its own savepoint, and each caller is answered after
/// that commit. The transaction holds the database-wide write lock, so event sequence numbers
/// are assigned in commit order: a reader that has seen sequence N never later finds a smaller
/// number committing behind it, and never sees a gap. On PostgreSQL several replicas share the
/// database; each committed batch sends NOTIFY on <see cref="NotifyChannel"/> once, which the
/// watch feed's listener on every replica turns into a read of the events it has not seen.
/// After each commit, the batch's events go to <see cref="ClaimCommits"/>, in sequence order.
/// </summary>
public sealed partial class ClaimStore(SqlDialect dialect, TimeProvider clock, ClaimCommits commits) : RelationalStore(dialect, clock)
{
    // The events of the batch being committed, in sequence order; touched only by the group-commit loop.
    private List<ClaimEvent> _committed = [];

    /// <summary>The LISTEN/NOTIFY channel that wakes watchers after a commit.</summary>
    public const string NotifyChannel = "factcheck_claim_events";

    private readonly ClaimSearch _search = ClaimSearch.For(dialect);

    private readonly ClaimCache _cache = new();

    protected override string StoreName => "claims";

    protected override string? LastSequenceSql => LatestSequenceSql;

    private const string LatestSequenceSql = "SELECT COALESCE(MAX(seq), 0) FROM events";

    protected override IReadOnlyList<(int Version, string Sql)> Migrations => ClaimMigrations.For(Dialect, _search);

    /// <summary>The transaction advisory lock every claims write holds on PostgreSQL (tests hold it to queue writes up).</summary>
    public const long PostgresWriteLockKey = 0x4643_436C_6169_6D01;

    /// <summary>The claims service's PostgreSQL dialect, with its own fixed advisory lock keys (one for writes, one for migrations).</summary>
    public static PostgresDialect Postgres(Npgsql.NpgsqlDataSource dataSource) =>
        new(dataSource, writeLockKey: PostgresWriteLockKey, migrationLockKey: 0x4643_436C_6169_6D02);

    /// <summary>Creates a claim (<see cref="ClaimDecisions.Create"/>) under <paramref name="claimId"/>, or under a fresh id when it is null.</summary>
    public Task<Claim> CreateAsync(string? claimId, ClaimContent content, ClaimStatus status, string statusDetail, WriteContext write, CancellationToken ct) =>
        WriteClaimAsync("create", write, async (connection, tx, batchCt) =>
        {
            var id = claimId ?? ClaimName.NewId();
            if (await FindAsync(connection, tx, id, batchCt) is not null)
            {
                throw Refusals.ClaimAlreadyExists(id);
            }

            var parents = await ReadParentChainAsync(connection, tx, id, content.ParentId, batchCt);
            var change = new WrittenChange(ClaimDecisions.Create(id, content, status, statusDetail, parents, Clock.GetUtcNow(), write));
            var pk = await ScalarAsync<long>(connection, tx, """
                INSERT INTO claims (id, status, speaker_folded, due_ticks, due_sort, parent_id, revision, document)
                VALUES (@id, @status, @speaker, @due, @dueSort, @parent, @revision, @doc)
                RETURNING pk
                """, batchCt, ClaimColumns(change));
            await WriteIndexesAsync(connection, tx, pk, change.Change.Claim.Content, replace: false, batchCt);
            return change;
        }, ct);

    /// <summary>The claim, or CLAIM_NOT_FOUND.</summary>
    public async Task<Claim> GetAsync(string claimId, CancellationToken ct)
    {
        using var span = Trace("get");
        var claim = await Dialect.ReadAsync(FindSql, [("@id", claimId)], async (reader, token) =>
        {
            // Read outside a transaction, so committed: safe to keep.
            return await reader.ReadAsync(token) ? ClaimOfRow(reader, claimId, keep: true) : null;
        }, ct);
        return claim ?? throw Refusals.ClaimNotFound(claimId);
    }

    /// <summary>One keyset page of the claims <paramref name="filter"/> selects, in <paramref name="order"/>, after <paramref name="after"/>.</summary>
    public async Task<ClaimPage> ListAsync(ClaimFilter filter, ClaimOrder order, ListPosition? after, int pageSize, CancellationToken ct)
    {
        using var span = Trace("list");
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
            Where("speaker_folded = @speaker", "@speaker", IndexedValues.Fold(filter.Speaker));
        }

        if (!string.IsNullOrEmpty(filter.Tag))
        {
            Where("EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_pk = claims.pk AND t.tag = @tag)", "@tag", IndexedValues.Fold(filter.Tag));
        }

        if (!string.IsNullOrEmpty(filter.SourcePublisher))
        {
            Where("EXISTS (SELECT 1 FROM claim_sources s WHERE s.claim_pk = claims.pk AND s.publisher_folded = @publisher)", "@publisher", IndexedValues.Fold(filter.SourcePublisher));
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

        var (from, rowKey) = ("claims", "pk");
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var words = IndexedValues.SearchWords(filter.Query);
            if (words.Count == 0)
            {
                return new ClaimPage([], null);
            }

            var searched = _search.Listing(words, inRowOrder: order != ClaimOrder.DueSoonest, alone: where.Count == 0);
            (from, rowKey) = (searched.From, searched.RowKey);
            Where(searched.Condition, "@query", searched.Parameter);
        }

        // Keyset pagination: a page starts right after the last row of the previous one, so it
        // costs the same wherever it is and rows inserted meanwhile are neither lost nor repeated.
        var limit = pageSize + 1;
        string Select(IEnumerable<string> conditions, string sortKey, string orderBy)
        {
            var all = where.Concat(conditions).ToList();
            return $"SELECT pk, {sortKey} AS sort_key, document FROM {from}"
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
            string[] keyset = after is null ? [] : [ascending ? $"{rowKey} > @afterKey" : $"{rowKey} < @afterKey"];
            if (after is not null)
            {
                parameters.Add(("@afterKey", after.RowKey));
            }

            sql = Select(keyset, "CAST(0 AS BIGINT)", ascending ? $"{rowKey} ASC" : $"{rowKey} DESC");
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

            claims.Add(ClaimDocuments.ReadClaim(reader.GetString(2)));
            last = new ListPosition(reader.GetInt64(1), reader.GetInt64(0));
        }

        return new ClaimPage(claims, null);
    }

    /// <summary>Applies <paramref name="edit"/> to the claim (<see cref="ClaimDecisions.Edit"/>) when the etag, if given, still matches.</summary>
    public Task<Claim> UpdateContentAsync(string claimId, string? etag, ClaimEdit edit, WriteContext write, CancellationToken ct) =>
        WriteClaimAsync("update", write, async (connection, tx, batchCt) =>
        {
            var (pk, current) = await FindAsync(connection, tx, claimId, batchCt) ?? throw Refusals.ClaimNotFound(claimId);
            var parents = await ReadParentChainAsync(connection, tx, claimId, edit.ParentAfter(current.Content), batchCt);
            var change = new WrittenChange(ClaimDecisions.Edit(current, edit, etag, parents, Clock.GetUtcNow(), write));
            await ExecuteAsync(connection, tx, """
                UPDATE claims SET status = @status, speaker_folded = @speaker, due_ticks = @due, due_sort = @dueSort,
                                  parent_id = @parent, revision = @revision, document = @doc
                WHERE id = @id
                """, batchCt, ClaimColumns(change));
            await ExecuteAsync(connection, tx, "DELETE FROM claim_tags WHERE claim_pk = @pk", batchCt, ("@pk", pk));
            await ExecuteAsync(connection, tx, "DELETE FROM claim_sources WHERE claim_pk = @pk", batchCt, ("@pk", pk));
            await WriteIndexesAsync(connection, tx, pk, change.Change.Claim.Content, replace: true, batchCt);
            return change;
        }, ct);

    /// <summary>Moves the claim to a new status (<see cref="ClaimDecisions.ChangeStatus"/>) when the etag, if given, still matches.</summary>
    public Task<Claim> ChangeStatusAsync(string claimId, string? etag, StatusChange change, WriteContext write, CancellationToken ct) =>
        WriteClaimAsync("change_status", write, async (connection, tx, batchCt) =>
        {
            var (_, current) = await FindAsync(connection, tx, claimId, batchCt) ?? throw Refusals.ClaimNotFound(claimId);
            var changed = new WrittenChange(ClaimDecisions.ChangeStatus(current, change, etag, Clock.GetUtcNow(), write));
            await ExecuteAsync(connection, tx, "UPDATE claims SET status = @status, revision = @revision, document = @doc WHERE id = @id", batchCt, ClaimColumns(changed));
            return changed;
        }, ct, requestOperation: "status");

    /// <summary>One claim's events after <paramref name="afterSequence"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ClaimEvent>> ListHistoryAsync(string claimId, long afterSequence, int limit, CancellationToken ct)
    {
        using var span = Trace("history");
        await using var connection = await OpenAsync(ct);
        if (await FindAsync(connection, null, claimId, ct) is null)
        {
            throw Refusals.ClaimNotFound(claimId);
        }

        return await ReadEventsAsync(connection, "claim_id = @claim AND seq > @after", limit, ct, ("@claim", claimId), ("@after", afterSequence));
    }

    /// <summary>All claims' events after <paramref name="afterSequence"/>, in sequence order, without gaps.</summary>
    public async Task<IReadOnlyList<ClaimEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken ct)
    {
        using var span = Trace("read_events");
        await using var connection = await OpenAsync(ct);
        return await ReadEventsAsync(connection, "seq > @after", limit, ct, ("@after", afterSequence));
    }

    /// <summary>The sequence number of the newest committed event, 0 when there is none.</summary>
    public async Task<long> LatestSequenceAsync(CancellationToken ct)
    {
        using var span = Trace("latest_sequence");
        await using var connection = await OpenAsync(ct);
        return await ScalarAsync<long>(connection, null, LatestSequenceSql, ct);
    }

    private static async Task<IReadOnlyList<ClaimEvent>> ReadEventsAsync(DbConnection connection, string where, int limit, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, null, $"SELECT seq, document FROM events WHERE {where} ORDER BY seq LIMIT {limit}", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<ClaimEvent>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(ClaimDocuments.ReadEvent(reader.GetString(1)) with { Sequence = reader.GetInt64(0) });
        }

        return events;
    }

    /// <summary>
    /// Runs one write through group commit: in a transaction shared with the writes queued beside
    /// it, inside its own savepoint, answered after that transaction commits. A refusal undoes
    /// this write alone. With a request id, a repeat of the same request returns the stored first
    /// result and writes nothing, also when the first is in the same batch (they share the
    /// transaction); a different request under that id is refused
    /// (<see cref="WriteContext.IdempotencyKey"/>: keys are the caller's and the operation's).
    /// <paramref name="requestOperation"/> names the operation in those keys when it differs from
    /// the span's name: keys are stored, so a retry after an upgrade must find its first result.
    /// </summary>
    private async Task<Claim> WriteClaimAsync(
        string operation, WriteContext write, Func<DbConnection, DbTransaction, CancellationToken, Task<WrittenChange>> body, CancellationToken ct,
        string? requestOperation = null)
    {
        var key = write.IdempotencyKey(requestOperation ?? operation);
        // The caller's trace, read here: the body runs on the group-commit loop, outside it.
        var traceParent = Activity.Current?.Id;
        var (claim, _) = await GroupWriteAsync(operation, async (connection, tx, batchCt) =>
        {
            if (await RecordedResultAsync(connection, tx, key, write, "response", batchCt) is { } recorded)
            {
                return (ClaimDocuments.ReadClaim(recorded), (ClaimEvent?)null);
            }

            var written = await body(connection, tx, batchCt);
            var decided = written.Change;
            var change = await AppendEventAsync(connection, tx, decided with { Event = decided.Event with { TraceParent = traceParent } }, batchCt);
            if (key is not null)
            {
                // Only a write with a request id records its result; the JSON would be written for nothing otherwise.
                await RecordResultAsync(connection, tx, key, write, "response", written.ClaimDocument, batchCt);
            }

            return (change.Claim, change.Event);
        }, ct, committed: result =>
        {
            if (result.Item2 is { } appended)
            {
                _committed.Add(appended);
                _cache.Add(result.Item1);
            }
        });
        return claim;
    }

    /// <summary>Once per batch: asks the database to wake other replicas' watchers when it commits.</summary>
    protected override Task BeforeGroupCommitAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        Dialect.NotifyOnCommitAsync(connection, tx, NotifyChannel, ct);

    /// <summary>Once per committed batch: hands its events on, in sequence order.</summary>
    protected override void AfterGroupCommit()
    {
        if (_committed.Count > 0)
        {
            var events = _committed;
            _committed = [];
            commits.Publish(events);
        }
    }

    /// <summary>
    /// The would-be parent and its ancestors, nearest first, for <see cref="ParentChain.Check"/>:
    /// one recursive query that stops at the claim itself, at a parent that is not stored, or
    /// after <see cref="ParentChain.MaxLinks"/> links.
    /// </summary>
    private static async Task<ParentChain> ReadParentChainAsync(DbConnection connection, DbTransaction tx, string claimId, string? parentId, CancellationToken ct)
    {
        if (parentId is null)
        {
            return ParentChain.None;
        }

        await using var command = Command(connection, tx, """
            WITH RECURSIVE chain (id, parent_id, depth) AS (
                SELECT id, parent_id, 1 FROM claims WHERE id = @parent
                UNION ALL
                SELECT c.id, c.parent_id, chain.depth + 1 FROM chain JOIN claims c ON c.id = chain.parent_id
                WHERE chain.id <> @self AND chain.depth < @maxLinks
            )
            SELECT id, parent_id FROM chain ORDER BY depth
            """, ("@parent", parentId), ("@self", claimId), ("@maxLinks", ParentChain.MaxLinks));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var links = new List<ParentLink>();
        while (await reader.ReadAsync(ct))
        {
            links.Add(new ParentLink(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return new ParentChain(links);
    }

    private const string FindSql = "SELECT pk, revision, document FROM claims WHERE id = @id";

    /// <summary>
    /// The claim's row key and the claim, from <see cref="_cache"/> when it holds the row's
    /// revision. Nothing read here is added to the cache: inside a write transaction the row may
    /// be a neighbour's write that is not committed yet.
    /// </summary>
    private async Task<(long Pk, Claim Claim)?> FindAsync(DbConnection connection, DbTransaction? tx, string claimId, CancellationToken ct)
    {
        await using var command = Command(connection, tx, FindSql, ("@id", claimId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), ClaimOfRow(reader, claimId, keep: false)) : null;
    }

    /// <summary>
    /// The claim of a <see cref="FindSql"/> row: from <see cref="_cache"/> when it holds the row's
    /// revision, else parsed, and kept when <paramref name="keep"/> (only for a committed row).
    /// </summary>
    private Claim ClaimOfRow(DbDataReader reader, string claimId, bool keep)
    {
        if (_cache.Find(claimId, reader.GetInt64(1)) is { } cached)
        {
            return cached;
        }

        var read = ClaimDocuments.ReadClaim(reader.GetString(2));
        if (keep)
        {
            _cache.Add(read);
        }

        return read;
    }

    /// <summary>
    /// A write's change and its claim's document, serialized once for the claims row and the
    /// recorded result.
    /// </summary>
    private sealed class WrittenChange(ClaimChange change)
    {
        public ClaimChange Change { get; } = change;

        public string ClaimDocument { get; } = ClaimDocuments.Claim(change.Claim);
    }

    private static (string, object?)[] ClaimColumns(WrittenChange change)
    {
        var claim = change.Change.Claim;
        return
        [
            ("@id", claim.Id),
            ("@status", (int)claim.Status),
            ("@speaker", IndexedValues.Fold(claim.Content.Speaker)),
            ("@due", claim.Content.DueTime?.UtcTicks),
            ("@dueSort", IndexedValues.DueSortKey(claim.Content.DueTime)),
            ("@parent", claim.Content.ParentId),
            ("@revision", claim.Revision),
            ("@doc", change.ClaimDocument),
        ];
    }

    private async Task WriteIndexesAsync(DbConnection connection, DbTransaction tx, long pk, ClaimContent content, bool replace, CancellationToken ct)
    {
        foreach (var tag in content.Tags.Select(IndexedValues.Fold).Distinct())
        {
            await ExecuteAsync(connection, tx, "INSERT INTO claim_tags (tag, claim_pk) VALUES (@tag, @pk)", ct, ("@tag", tag), ("@pk", pk));
        }

        foreach (var source in content.Sources)
        {
            await ExecuteAsync(connection, tx, "INSERT INTO claim_sources (claim_pk, url, publisher_folded) VALUES (@pk, @url, @publisher)", ct,
                ("@pk", pk), ("@url", source.Url), ("@publisher", IndexedValues.Fold(source.Publisher)));
        }

        foreach (var statement in _search.IndexStatements(replace))
        {
            await ExecuteAsync(connection, tx, statement, ct,
                ("@pk", pk), ("@text", content.Text), ("@speaker", content.Speaker), ("@quotes", IndexedValues.Quotes(content)));
        }
    }

    /// <summary>
    /// Appends the change's event with the next sequence number, and returns the change with
    /// that number in its event: the write lock makes MAX + 1 safe, and since a refused write's
    /// savepoint takes its event back with it, the next write of the batch takes the same number,
    /// so the sequence stays gap-free.
    /// </summary>
    private static async Task<ClaimChange> AppendEventAsync(
        DbConnection connection, DbTransaction tx, ClaimChange change, CancellationToken ct)
    {
        var sequence = await ScalarAsync<long>(connection, tx,
            "INSERT INTO events (seq, claim_id, document) SELECT COALESCE(MAX(seq), 0) + 1, @claim, @doc FROM events RETURNING seq", ct,
            ("@claim", change.Claim.Id), ("@doc", ClaimDocuments.Event(change.Event)));
        return change with { Event = change.Event with { Sequence = sequence } };
    }
}
