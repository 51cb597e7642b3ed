using FactCheck.Storage;
using System.Data.Common;
using System.Globalization;
using FactCheck.Verification.Domain;

namespace FactCheck.Verification.Storage;

/// <summary>
/// The verdict store, on SQLite or PostgreSQL alike (the <see cref="SqlDialect"/> holds what
/// differs: how writers are serialized, how migrations are guarded, and how a claim's deliveries
/// are kept apart across processes): verdicts as JSON documents beside the columns used to
/// filter and order them, the outbox, the request table for idempotency and the last claim
/// snapshots. Its own database, never the claims service's.
///
/// Every write goes through group commit (<see cref="RelationalStore.GroupWriteAsync{T}"/>):
/// concurrent writes share one transaction, each in its own savepoint, and each caller is answered
/// only after that commit, so verdicts recorded together share one fsync. The transaction holds
/// the database-wide write lock, so outbox sequence numbers are assigned in commit order. Delivery depends on that: row N is derived from the claim's verdicts
/// whose outbox rows are at or before N, so a row that committed after a higher-numbered one
/// would be delivered out of order, and the higher one derived without it.
///
/// A claim's deliveries are kept apart across processes by a per-claim shared lock held for the
/// whole delivery (<see cref="LockClaimDeliveryAsync"/>).
/// </summary>
public sealed class VerdictStore(SqlDialect dialect, TimeProvider clock) : RelationalStore(dialect, clock), IVerdictStore
{
    private const int Queued = 0;
    private const int Done = 1;
    private const int MaxError = 1000;

    /// <summary>Overdue checks queued in one write by <see cref="QueueOverdueAsync"/>.</summary>
    private const int OverdueChunk = 500;

    // The lock namespace of claim deliveries, apart from any other shared lock.
    private const int ClaimLockNamespace = 0x46435644;

    protected override string StoreName => "verdicts";

    /// <summary>Named after the service in a backup, beside the claims service's part.</summary>
    public override string BackupName => "verification";

    protected override IReadOnlyList<(int Version, string Sql)> Migrations => VerdictMigrations.For(Dialect);

    /// <summary>The verification service's PostgreSQL dialect, with its own fixed advisory lock keys (one for writes, one for migrations).</summary>
    public static PostgresDialect Postgres(Npgsql.NpgsqlDataSource dataSource) =>
        new(dataSource, writeLockKey: 0x4643_5665_7264_0001, migrationLockKey: 0x4643_5665_7264_0002);

    public async Task<IDisposable> LockClaimDeliveryAsync(string claimId, CancellationToken ct)
    {
        using var span = Trace("lock_claim_delivery");
        return await Dialect.HoldSharedLockAsync(ClaimLockNamespace, claimId, ct);
    }

    public Task<RecordedVerdict> RecordAsync(VerdictContent content, WriteContext write, CancellationToken ct)
    {
        var caller = CallerTraceParent();
        return GroupWriteAsync("record", async (connection, tx, batchCt) =>
        {
            // Looked up under the write lock: of two calls racing with one request id, the
            // second finds the first's row here instead of failing on the primary key.
            var earlier = await FindByRequestAsync(connection, tx, write, batchCt);
            if (earlier is not null)
            {
                return new RecordedVerdict(earlier, null, Repeated: true);
            }

            var now = Clock.GetUtcNow();
            var outbox = new OutboxEntry(0, VerdictDocuments.NewOutboxId(), content.ClaimId, OutboxKind.Verdict, VerdictDocuments.NewVerdictId(), now, 0, "", caller);
            var outboxSeq = await InsertOutboxAsync(connection, tx, outbox, batchCt);
            outbox = outbox with { Sequence = outboxSeq };

            var verdict = new Verdict(outbox.VerdictId!, 0, content, now, write.Actor, VerdictDelivery.Queued);
            var seq = await ScalarAsync<long>(connection, tx, """
                INSERT INTO verdicts (id, claim_id, outbox_seq, state, document) VALUES (@id, @claim, @outbox, @state, @doc)
                RETURNING seq
                """, batchCt, ("@id", verdict.Id), ("@claim", content.ClaimId), ("@outbox", outboxSeq), ("@state", (int)DeliveryState.Queued),
                ("@doc", StoredJson.Write(verdict)));
            verdict = verdict with { Sequence = seq };

            await RecordResultAsync(connection, tx, write.IdempotencyKey(VerdictMigrations.RecordOperation), write, "verdict_id", verdict.Id, batchCt);

            return new RecordedVerdict(verdict, outbox, Repeated: false);
        }, ct);
    }

    public async Task<Verdict?> FindByRequestAsync(WriteContext write, CancellationToken ct)
    {
        using var span = Trace("find_by_request");
        await using var connection = await OpenAsync(ct);
        return await FindByRequestAsync(connection, null, write, ct);
    }

    public async Task<Verdict?> GetVerdictAsync(string verdictId, CancellationToken ct)
    {
        using var span = Trace("get");
        await using var connection = await OpenAsync(ct);
        return await GetVerdictAsync(connection, null, verdictId, ct);
    }

    public async Task<IReadOnlyList<Verdict>> ListVerdictsAsync(string claimId, long afterSequence, int limit, CancellationToken ct)
    {
        using var span = Trace("list");
        await using var connection = await OpenAsync(ct);
        return await ReadVerdictsAsync(connection,
            $"SELECT seq, document FROM verdicts WHERE claim_id = @claim AND seq > @after ORDER BY seq LIMIT {limit.ToString(CultureInfo.InvariantCulture)}", ct,
            ("@claim", claimId), ("@after", afterSequence));
    }

    public async Task<IReadOnlyList<Verdict>> CountingVerdictsAsync(string claimId, long upToOutbox, CancellationToken ct)
    {
        using var span = Trace("counting_verdicts");
        await using var connection = await OpenAsync(ct);
        return await ReadVerdictsAsync(connection,
            "SELECT seq, document FROM verdicts WHERE claim_id = @claim AND outbox_seq <= @upTo AND state <> @rejected ORDER BY seq", ct,
            ("@claim", claimId), ("@upTo", upToOutbox), ("@rejected", (int)DeliveryState.Rejected));
    }

    public async Task<IReadOnlyList<string>> ClaimsWithQueuedAsync(OutboxLane lane, int limit, CancellationToken ct)
    {
        using var span = Trace(lane == OutboxLane.Verdicts ? "claims_with_queued_verdicts" : "claims_with_queued");
        var rows = lane == OutboxLane.Verdicts
            // Through the partial index of queued verdict rows (migration 5): however many overdue
            // checks wait, this reads only the verdicts.
            ? $"SELECT claim_id FROM outbox WHERE state = {Queued} AND kind = '{nameof(OutboxKind.Verdict)}'"
            : $"SELECT claim_id FROM outbox WHERE state = {Queued}";
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            $"{rows} GROUP BY claim_id ORDER BY MIN(seq) LIMIT {limit.ToString(CultureInfo.InvariantCulture)}");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claims = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            claims.Add(reader.GetString(0));
        }

        return claims;
    }

    public async Task<IReadOnlyList<OutboxEntry>> QueuedAsync(string claimId, CancellationToken ct)
    {
        using var span = Trace("queued");
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, $"""
            SELECT seq, id, claim_id, kind, verdict_id, queue_time, attempts, last_error, trace_parent FROM outbox
            WHERE state = {Queued} AND claim_id = @claim ORDER BY seq
            """, ("@claim", claimId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<OutboxEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new OutboxEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Enum.Parse<OutboxKind>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4), ParseTime(reader.GetString(5)), reader.GetInt32(6), reader.GetString(7),
                reader.GetString(8)));
        }

        return entries;
    }

    public async Task<int> QueueOverdueAsync(IReadOnlyList<string> claimIds, CancellationToken ct)
    {
        var caller = CallerTraceParent();
        var queued = 0;
        // A few hundred claims to a write: a sweep that finds a hundred thousand commits a few
        // hundred times, not once per claim, and a verdict's write waits behind one chunk at most.
        foreach (var chunk in claimIds.Chunk(OverdueChunk))
        {
            queued += await GroupWriteAsync("queue_overdue", async (connection, tx, batchCt) =>
            {
                var added = 0;
                foreach (var claimId in chunk)
                {
                    // One overdue check waiting is enough; a verdict's row queued beside it does not replace it.
                    if (await QueueUnlessWaitingAsync(connection, tx, claimId, OutboxKind.Overdue, $"kind = '{nameof(OutboxKind.Overdue)}'", caller, batchCt))
                    {
                        added++;
                    }
                }

                return added;
            }, ct);
        }

        return queued;
    }

    public Task<bool> QueueReconcileAsync(string claimId, CancellationToken ct)
    {
        var caller = CallerTraceParent();
        // Any row waiting re-derives the status from the same verdicts when it is delivered.
        return GroupWriteAsync("queue_reconcile", (connection, tx, batchCt) =>
            QueueUnlessWaitingAsync(connection, tx, claimId, OutboxKind.Reconcile, "1 = 1", caller, batchCt), ct);
    }

    /// <summary>
    /// Queues a row without a verdict unless a queued row of the claim matches <paramref name="waiting"/>.
    /// Checked and inserted under the write lock, so two sweeps (two replicas) queue one row.
    /// </summary>
    private async Task<bool> QueueUnlessWaitingAsync(
        DbConnection connection, DbTransaction tx, string claimId, OutboxKind kind, string waiting, string caller, CancellationToken ct)
    {
        var queued = await ScalarAsync<long>(connection, tx,
            $"SELECT COUNT(*) FROM outbox WHERE state = {Queued} AND claim_id = @claim AND {waiting}", ct, ("@claim", claimId));
        if (queued > 0)
        {
            return false;
        }

        await InsertOutboxAsync(connection, tx,
            new OutboxEntry(0, VerdictDocuments.NewOutboxId(), claimId, kind, null, Clock.GetUtcNow(), 0, "", caller), ct);
        return true;
    }

    public async Task<IReadOnlyList<AppliedMark>> AppliedMarksAsync(string afterClaimId, int limit, CancellationToken ct)
    {
        using var span = Trace("applied_marks");
        await using var connection = await OpenAsync(ct);
        // Each claim's latest row with a mark, a page of claims at a time in claim id order.
        await using var command = Command(connection, null, $"""
            SELECT o.claim_id, o.id, o.claim_update_time,
                (SELECT COUNT(*) FROM verdicts v WHERE v.claim_id = o.claim_id AND v.state <> @rejected)
            FROM outbox o
            WHERE o.seq IN (
                SELECT MAX(seq) FROM outbox WHERE claim_update_time IS NOT NULL AND claim_id > @after
                GROUP BY claim_id ORDER BY claim_id LIMIT {limit.ToString(CultureInfo.InvariantCulture)})
            ORDER BY o.claim_id
            """, ("@after", afterClaimId), ("@rejected", (int)DeliveryState.Rejected));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var marks = new List<AppliedMark>();
        while (await reader.ReadAsync(ct))
        {
            marks.Add(new AppliedMark(reader.GetString(0), reader.GetString(1), ParseTime(reader.GetString(2)), (int)reader.GetInt64(3)));
        }

        return marks;
    }

    public Task CompleteAsync(OutboxEntry entry, VerdictDelivery delivery, ClaimSnapshot? claim, CancellationToken ct) =>
        GroupWriteAsync("complete", async (connection, tx, batchCt) =>
        {
            var mark = delivery.ClaimUpdateTime is { } updated ? Time(updated) : null;
            await ExecuteAsync(connection, tx, $"UPDATE outbox SET state = {Done}, done_time = @t, claim_update_time = @mark WHERE seq = @seq", batchCt,
                ("@t", Time(delivery.Time ?? Clock.GetUtcNow())), ("@mark", mark), ("@seq", entry.Sequence));
            if (entry.VerdictId is not null)
            {
                var verdict = await GetVerdictAsync(connection, tx, entry.VerdictId, batchCt)
                    ?? throw new InvalidDataException($"outbox row {entry.Id} names verdict {entry.VerdictId}, which is not stored");
                await ExecuteAsync(connection, tx, "UPDATE verdicts SET state = @state, document = @doc WHERE id = @id", batchCt,
                    ("@state", (int)delivery.State), ("@doc", StoredJson.Write(verdict with { Delivery = delivery })), ("@id", verdict.Id));
            }

            if (claim is not null)
            {
                await UpsertSnapshotAsync(connection, tx, claim, batchCt);
            }

            return true;
        }, ct);

    public Task RecordFailedAttemptAsync(OutboxEntry entry, string failure, CancellationToken ct) =>
        GroupWriteAsync("record_failed_attempt", async (connection, tx, batchCt) =>
        {
            await ExecuteAsync(connection, tx, "UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE seq = @seq", batchCt,
                ("@error", failure.Length <= MaxError ? failure : failure[..MaxError]), ("@seq", entry.Sequence));
            return true;
        }, ct);

    public Task SaveSnapshotAsync(ClaimSnapshot snapshot, CancellationToken ct) =>
        GroupWriteAsync("save_snapshot", async (connection, tx, batchCt) =>
        {
            await UpsertSnapshotAsync(connection, tx, snapshot, batchCt);
            return true;
        }, ct);

    private static Task UpsertSnapshotAsync(DbConnection connection, DbTransaction tx, ClaimSnapshot snapshot, CancellationToken ct) =>
        ExecuteAsync(connection, tx, """
            INSERT INTO claim_snapshots (claim_id, document) VALUES (@claim, @doc)
            ON CONFLICT (claim_id) DO UPDATE SET document = excluded.document
            """, ct, ("@claim", snapshot.ClaimId), ("@doc", StoredJson.Write(snapshot)));

    public async Task<ClaimSnapshot?> GetSnapshotAsync(string claimId, CancellationToken ct)
    {
        using var span = Trace("get_snapshot");
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT document FROM claim_snapshots WHERE claim_id = @claim", ("@claim", claimId));
        var document = await command.ExecuteScalarAsync(ct);
        return document is string json ? StoredJson.Read<ClaimSnapshot>(json) : null;
    }

    private static async Task<Verdict?> FindByRequestAsync(DbConnection connection, DbTransaction? tx, WriteContext write, CancellationToken ct)
    {
        var verdictId = await RecordedResultAsync(connection, tx, write.IdempotencyKey(VerdictMigrations.RecordOperation), write, "verdict_id", ct);
        if (verdictId is null)
        {
            return null;
        }

        // The lookup's reader is closed by now: a PostgreSQL connection runs one command at a time.
        return await GetVerdictAsync(connection, tx, verdictId, ct)
            ?? throw new InvalidDataException($"request {write.RequestId} names verdict {verdictId}, which is not stored");
    }

    private static async Task<Verdict?> GetVerdictAsync(DbConnection connection, DbTransaction? tx, string verdictId, CancellationToken ct)
    {
        await using var command = Command(connection, tx, "SELECT seq, document FROM verdicts WHERE id = @id", ("@id", verdictId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadVerdict(reader) : null;
    }

    private static async Task<IReadOnlyList<Verdict>> ReadVerdictsAsync(DbConnection connection, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var verdicts = new List<Verdict>();
        while (await reader.ReadAsync(ct))
        {
            verdicts.Add(ReadVerdict(reader));
        }

        return verdicts;
    }

    /// <summary>The sequence lives in its column; the document is written before the row has one.</summary>
    private static Verdict ReadVerdict(DbDataReader reader) =>
        StoredJson.Read<Verdict>(reader.GetString(1)) with { Sequence = reader.GetInt64(0) };

    private static Task<long> InsertOutboxAsync(DbConnection connection, DbTransaction tx, OutboxEntry entry, CancellationToken ct) =>
        ScalarAsync<long>(connection, tx, $"""
            INSERT INTO outbox (id, claim_id, kind, verdict_id, state, queue_time, attempts, last_error, trace_parent)
            VALUES (@id, @claim, @kind, @verdict, {Queued}, @t, 0, '', @trace)
            RETURNING seq
            """, ct, ("@id", entry.Id), ("@claim", entry.ClaimId), ("@kind", entry.Kind.ToString()), ("@verdict", entry.VerdictId),
            ("@t", Time(entry.QueueTime)), ("@trace", entry.TraceParent));

    /// <summary>Times are stored as ISO 8601 UTC text, which sorts in time order on every backend.</summary>
    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>
    /// The trace context an outbox row keeps: the caller's (RecordVerdict, the sweep), read before
    /// this store's own span starts, so the delivery hangs under the call that caused it rather
    /// than under a database span that ended long before.
    /// </summary>
    private static string CallerTraceParent() => System.Diagnostics.Activity.Current?.Id ?? "";
}
