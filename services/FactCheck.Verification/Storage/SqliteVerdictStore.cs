using System.Globalization;
using FactCheck.Verification.Domain;
using Microsoft.Data.Sqlite;

namespace FactCheck.Verification.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialized (a process-wide lock
/// plus BEGIN IMMEDIATE against other processes), so outbox sequence numbers are assigned and
/// committed in the order verdicts were recorded.
/// </summary>
public sealed class SqliteVerdictStore(string connectionString, TimeProvider clock) : IVerdictStore, IDisposable
{
    private const int Queued = 0;
    private const int Done = 1;
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
                await using var tx = connection.BeginTransaction(deferred: false);
                var applied = await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = $v", ct, ("$v", version));
                if (applied == 0)
                {
                    await ExecuteAsync(connection, tx, sql, ct);
                    await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, applied_time) VALUES ($v, $t)", ct,
                        ("$v", version), ("$t", Time(clock.GetUtcNow())));
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

    public Task<RecordedVerdict> RecordAsync(VerdictContent content, WriteContext write, CancellationToken ct) =>
        WriteAsync(async (connection, tx) =>
        {
            if (write.RequestId.Length > 0)
            {
                var earlier = await FindByRequestAsync(connection, tx, write, ct);
                if (earlier is not null)
                {
                    return new RecordedVerdict(earlier, null, Repeated: true);
                }
            }

            var now = clock.GetUtcNow();
            var outbox = new OutboxEntry(0, VerdictDocuments.NewOutboxId(), content.ClaimId, OutboxKind.Verdict, VerdictDocuments.NewVerdictId(), now, 0, "");
            var outboxSeq = await InsertOutboxAsync(connection, tx, outbox, ct);
            outbox = outbox with { Sequence = outboxSeq };

            var verdict = new Verdict(outbox.VerdictId!, 0, content, now, write.Actor, VerdictDelivery.Queued);
            var seq = await ScalarAsync<long>(connection, tx, """
                INSERT INTO verdicts (id, claim_id, outbox_seq, state, document) VALUES ($id, $claim, $outbox, $state, $doc)
                RETURNING seq
                """, ct, ("$id", verdict.Id), ("$claim", content.ClaimId), ("$outbox", outboxSeq), ("$state", (int)DeliveryState.Queued),
                ("$doc", VerdictDocuments.Write(verdict)));
            verdict = verdict with { Sequence = seq };

            if (write.RequestId.Length > 0)
            {
                await ExecuteAsync(connection, tx, "INSERT INTO requests (request_id, fingerprint, verdict_id) VALUES ($key, $fp, $verdict)", ct,
                    ("$key", write.RequestId), ("$fp", write.RequestFingerprint), ("$verdict", verdict.Id));
            }

            return new RecordedVerdict(verdict, outbox, Repeated: false);
        }, ct);

    public async Task<Verdict?> FindByRequestAsync(WriteContext write, CancellationToken ct)
    {
        if (write.RequestId.Length == 0)
        {
            return null;
        }

        await using var connection = await OpenAsync(ct);
        return await FindByRequestAsync(connection, null, write, ct);
    }

    public async Task<Verdict?> GetVerdictAsync(string verdictId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await GetVerdictAsync(connection, null, verdictId, ct);
    }

    public async Task<IReadOnlyList<Verdict>> ListVerdictsAsync(string claimId, long afterSequence, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadVerdictsAsync(connection,
            $"SELECT seq, document FROM verdicts WHERE claim_id = $claim AND seq > $after ORDER BY seq LIMIT {limit}", ct,
            ("$claim", claimId), ("$after", afterSequence));
    }

    public async Task<IReadOnlyList<Verdict>> CountingVerdictsAsync(string claimId, long upToOutbox, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadVerdictsAsync(connection,
            "SELECT seq, document FROM verdicts WHERE claim_id = $claim AND outbox_seq <= $upTo AND state <> $rejected ORDER BY seq", ct,
            ("$claim", claimId), ("$upTo", upToOutbox), ("$rejected", (int)DeliveryState.Rejected));
    }

    public async Task<IReadOnlyList<string>> ClaimsWithQueuedAsync(int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            $"SELECT claim_id FROM outbox WHERE state = {Queued} GROUP BY claim_id ORDER BY MIN(seq) LIMIT {limit}");
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
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, $"""
            SELECT seq, id, claim_id, kind, verdict_id, queue_time, attempts, last_error FROM outbox
            WHERE state = {Queued} AND claim_id = $claim ORDER BY seq
            """, ("$claim", claimId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<OutboxEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new OutboxEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Enum.Parse<OutboxKind>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4), ParseTime(reader.GetString(5)), reader.GetInt32(6), reader.GetString(7)));
        }

        return entries;
    }

    public Task<bool> QueueOverdueAsync(string claimId, CancellationToken ct) =>
        WriteAsync(async (connection, tx) =>
        {
            var queued = await ScalarAsync<long>(connection, tx,
                $"SELECT COUNT(*) FROM outbox WHERE state = {Queued} AND claim_id = $claim AND kind = $kind", ct,
                ("$claim", claimId), ("$kind", nameof(OutboxKind.Overdue)));
            if (queued > 0)
            {
                return false;
            }

            await InsertOutboxAsync(connection, tx,
                new OutboxEntry(0, VerdictDocuments.NewOutboxId(), claimId, OutboxKind.Overdue, null, clock.GetUtcNow(), 0, ""), ct);
            return true;
        }, ct);

    public Task CompleteAsync(OutboxEntry entry, VerdictDelivery delivery, CancellationToken ct) =>
        WriteAsync(async (connection, tx) =>
        {
            await ExecuteAsync(connection, tx, $"UPDATE outbox SET state = {Done}, done_time = $t WHERE seq = $seq", ct,
                ("$t", Time(delivery.Time ?? clock.GetUtcNow())), ("$seq", entry.Sequence));
            if (entry.VerdictId is not null)
            {
                var verdict = await GetVerdictAsync(connection, tx, entry.VerdictId, ct)
                    ?? throw new InvalidDataException($"outbox row {entry.Id} names verdict {entry.VerdictId}, which is not stored");
                await ExecuteAsync(connection, tx, "UPDATE verdicts SET state = $state, document = $doc WHERE id = $id", ct,
                    ("$state", (int)delivery.State), ("$doc", VerdictDocuments.Write(verdict with { Delivery = delivery })), ("$id", verdict.Id));
            }

            return true;
        }, ct);

    public Task RecordFailedAttemptAsync(OutboxEntry entry, string failure, CancellationToken ct) =>
        WriteAsync(async (connection, tx) =>
        {
            await ExecuteAsync(connection, tx, "UPDATE outbox SET attempts = attempts + 1, last_error = $error WHERE seq = $seq", ct,
                ("$error", failure.Length <= 1000 ? failure : failure[..1000]), ("$seq", entry.Sequence));
            return true;
        }, ct);

    public Task SaveSnapshotAsync(ClaimSnapshot snapshot, CancellationToken ct) =>
        WriteAsync(async (connection, tx) =>
        {
            await ExecuteAsync(connection, tx, """
                INSERT INTO claim_snapshots (claim_id, document) VALUES ($claim, $doc)
                ON CONFLICT (claim_id) DO UPDATE SET document = excluded.document
                """, ct, ("$claim", snapshot.ClaimId), ("$doc", VerdictDocuments.Write(snapshot)));
            return true;
        }, ct);

    public async Task<ClaimSnapshot?> GetSnapshotAsync(string claimId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT document FROM claim_snapshots WHERE claim_id = $claim", ("$claim", claimId));
        var document = await command.ExecuteScalarAsync(ct);
        return document is string json ? VerdictDocuments.Read<ClaimSnapshot>(json) : null;
    }

    private static async Task<Verdict?> FindByRequestAsync(SqliteConnection connection, SqliteTransaction? tx, WriteContext write, CancellationToken ct)
    {
        await using var lookup = Command(connection, tx, "SELECT fingerprint, verdict_id FROM requests WHERE request_id = $key", ("$key", write.RequestId));
        await using var reader = await lookup.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        if (reader.GetString(0) != write.RequestFingerprint)
        {
            throw new RequestIdReusedException(write.RequestId);
        }

        return await GetVerdictAsync(connection, tx, reader.GetString(1), ct)
            ?? throw new InvalidDataException($"request {write.RequestId} names verdict {reader.GetString(1)}, which is not stored");
    }

    private static async Task<Verdict?> GetVerdictAsync(SqliteConnection connection, SqliteTransaction? tx, string verdictId, CancellationToken ct)
    {
        await using var command = Command(connection, tx, "SELECT seq, document FROM verdicts WHERE id = $id", ("$id", verdictId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadVerdict(reader) : null;
    }

    private static async Task<IReadOnlyList<Verdict>> ReadVerdictsAsync(SqliteConnection connection, string sql, CancellationToken ct, params (string, object?)[] parameters)
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
    private static Verdict ReadVerdict(SqliteDataReader reader) =>
        VerdictDocuments.Read<Verdict>(reader.GetString(1)) with { Sequence = reader.GetInt64(0) };

    private static Task<long> InsertOutboxAsync(SqliteConnection connection, SqliteTransaction tx, OutboxEntry entry, CancellationToken ct) =>
        ScalarAsync<long>(connection, tx, $"""
            INSERT INTO outbox (id, claim_id, kind, verdict_id, state, queue_time, attempts, last_error)
            VALUES ($id, $claim, $kind, $verdict, {Queued}, $t, 0, '')
            RETURNING seq
            """, ct, ("$id", entry.Id), ("$claim", entry.ClaimId), ("$kind", entry.Kind.ToString()), ("$verdict", entry.VerdictId),
            ("$t", Time(entry.QueueTime)));

    /// <summary>Runs one write transaction, serialized with every other write.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> body, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var tx = connection.BeginTransaction(deferred: false);
            var result = await body(connection, tx);
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

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
