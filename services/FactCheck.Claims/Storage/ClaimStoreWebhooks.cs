using System.Data.Common;
using FactCheck.Domain.Webhooks;
using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>A webhook's signing secrets as stored: sealed (encrypted) bytes, the previous one only during a rotation's grace period.</summary>
public sealed record SealedSecrets(byte[] Current, byte[]? Previous, DateTimeOffset? PreviousUntil);

/// <summary>A delivery whose turn has come, leased to one deliverer until its lease ends.</summary>
public sealed record DueDelivery(long Pk, string WebhookId, string TargetUrl, long Sequence, string ClaimId, int AttemptCount, DateTimeOffset? FirstAttemptTime);

/// <summary>A page of a webhook's deliveries, newest first, and the row to continue before.</summary>
public sealed record DeliveryPage(IReadOnlyList<Delivery> Deliveries, long? NextBefore);

/// <summary>
/// The claims store's part in webhooks. The event table is the outbox: each webhook keeps a
/// cursor in the event sequence, and <see cref="FanOutAsync"/> turns the committed events after
/// it into delivery rows in the same transaction that moves the cursor on. A delivery row
/// therefore exists exactly when a committed change matched the webhook, whatever crashes in
/// between, and is made once (the cursor moves only from where it was read, and a webhook's
/// rows are unique by sequence). Deliverers lease the first pending row of each claim of each
/// webhook (<see cref="LeaseDueAsync"/>), so a claim's events go out one at a time in order,
/// while other claims and other webhooks go on beside it. A lease ends on its own, so a dead
/// replica's rows pass to another; an outcome is stored only by the deliverer still holding the
/// lease. None of these writes is ordered with claims writes, so on PostgreSQL they take row locks
/// (<see cref="SqlDialect.BeginRowWriteAsync"/>), not the claims' write lock.
/// </summary>
public sealed partial class ClaimStore
{
    /// <summary>Attempts kept per delivery for ListWebhookDeliveries (the newest); attempt_count counts them all.</summary>
    public const int AttemptsShown = 20;

    private const string WebhookColumns = "w.pk, w.id, w.owner, w.state, w.revision, w.document";

    /// <summary>
    /// Stores a new webhook whose cursor is the newest event (it is sent what happens from now on),
    /// unless <paramref name="owner"/> already has <paramref name="maxPerOwner"/>. A repeated
    /// request id returns the webhook the first call created, as it now stands.
    /// </summary>
    public async Task<Webhook> CreateWebhookAsync(
        string webhookId, string owner, WebhookSettings settings, byte[] sealedSecret, int maxPerOwner, WriteContext write, CancellationToken ct)
    {
        using var span = Trace("webhooks.create");
        var key = write.IdempotencyKey("webhooks.create");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
        var tx = scope.Transaction;
        if (await RecordedResultAsync(connection, tx, key, write, "response", ct) is { } recorded)
        {
            return (await FindWebhookAsync(connection, tx, recorded, ct))?.Webhook ?? throw WebhookRefusals.NotFound(recorded);
        }

        if (await FindWebhookAsync(connection, tx, webhookId, ct) is not null)
        {
            throw WebhookRefusals.AlreadyExists(webhookId);
        }

        if (await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM webhooks WHERE owner = @owner", ct, ("@owner", owner)) >= maxPerOwner)
        {
            throw WebhookRefusals.TooMany(owner, maxPerOwner);
        }

        var now = Clock.GetUtcNow();
        var webhook = new Webhook(webhookId, owner, settings, WebhookState.Active, "", now, now, 1, null);
        await ExecuteAsync(connection, tx, """
            INSERT INTO webhooks (id, owner, state, revision, document, secret, cursor_seq)
            VALUES (@id, @owner, @state, @revision, @doc, @secret, (SELECT COALESCE(MAX(seq), 0) FROM events))
            """, ct, ("@id", webhookId), ("@owner", owner), ("@state", (int)webhook.State), ("@revision", webhook.Revision),
            ("@doc", StoredJson.Write(StoredWebhook.From(webhook))), ("@secret", sealedSecret));
        await RecordResultAsync(connection, tx, key, write, "response", webhookId, ct);
        await tx.CommitAsync(ct);
        return webhook;
    }

    /// <summary>The webhook, or WEBHOOK_NOT_FOUND.</summary>
    public async Task<Webhook> GetWebhookAsync(string webhookId, CancellationToken ct)
    {
        using var span = Trace("webhooks.get");
        await using var connection = await OpenAsync(ct);
        return (await FindWebhookAsync(connection, null, webhookId, ct))?.Webhook ?? throw WebhookRefusals.NotFound(webhookId);
    }

    /// <summary>Up to <paramref name="limit"/> webhooks after row <paramref name="afterPk"/>, oldest first, with their rows (the page position).</summary>
    public async Task<IReadOnlyList<(long Pk, Webhook Webhook)>> ListWebhooksAsync(long afterPk, int limit, CancellationToken ct)
    {
        using var span = Trace("webhooks.list");
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, $"SELECT {WebhookColumns} FROM webhooks w WHERE w.pk > @after ORDER BY w.pk LIMIT @limit",
            ("@after", afterPk), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var page = new List<(long, Webhook)>();
        while (await reader.ReadAsync(ct))
        {
            page.Add(ReadWebhook(reader));
        }

        return page;
    }

    /// <summary>
    /// Replaces the webhook with what <paramref name="change"/> makes of it (its revision and
    /// update time are set here), when <paramref name="etag"/> is null or current.
    /// </summary>
    public async Task<Webhook> UpdateWebhookAsync(string webhookId, string? etag, Func<Webhook, Webhook> change, CancellationToken ct)
    {
        using var span = Trace("webhooks.update");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
        var current = await CurrentWebhookAsync(connection, scope.Transaction, webhookId, etag, ct);
        var changed = change(current) with { Revision = current.Revision + 1, UpdateTime = Clock.GetUtcNow() };
        await SaveWebhookAsync(connection, scope.Transaction, changed, ct);
        await scope.Transaction.CommitAsync(ct);
        return changed;
    }

    /// <summary>Deletes the webhook with its deliveries and their attempts, when <paramref name="etag"/> is null or current.</summary>
    public async Task DeleteWebhookAsync(string webhookId, string? etag, CancellationToken ct)
    {
        using var span = Trace("webhooks.delete");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
        var tx = scope.Transaction;
        await CurrentWebhookAsync(connection, tx, webhookId, etag, ct);
        const string Deliveries = "SELECT d.pk FROM webhook_deliveries d JOIN webhooks w ON w.pk = d.webhook_pk WHERE w.id = @id";
        await ExecuteAsync(connection, tx, $"DELETE FROM webhook_attempts WHERE delivery_pk IN ({Deliveries})", ct, ("@id", webhookId));
        await ExecuteAsync(connection, tx, "DELETE FROM webhook_deliveries WHERE webhook_pk IN (SELECT pk FROM webhooks WHERE id = @id)", ct, ("@id", webhookId));
        await ExecuteAsync(connection, tx, "DELETE FROM webhooks WHERE id = @id", ct, ("@id", webhookId));
        await tx.CommitAsync(ct);
    }

    /// <summary>Makes <paramref name="sealedSecret"/> the secret, keeping the current one as the previous until <paramref name="previousUntil"/>.</summary>
    public async Task<Webhook> RotateWebhookSecretAsync(string webhookId, byte[] sealedSecret, DateTimeOffset previousUntil, CancellationToken ct)
    {
        using var span = Trace("webhooks.rotate_secret");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
        var current = await CurrentWebhookAsync(connection, scope.Transaction, webhookId, null, ct);
        var rotated = current with { Revision = current.Revision + 1, UpdateTime = Clock.GetUtcNow(), PreviousSecretExpireTime = previousUntil };
        await SaveWebhookAsync(connection, scope.Transaction, rotated, ct);
        await ExecuteAsync(connection, scope.Transaction, """
            UPDATE webhooks SET previous_secret = secret, previous_secret_until = @until, secret = @secret WHERE id = @id
            """, ct, ("@id", webhookId), ("@until", previousUntil.UtcTicks), ("@secret", sealedSecret));
        await scope.Transaction.CommitAsync(ct);
        return rotated;
    }

    /// <summary>The webhook's sealed secrets: what signs its deliveries.</summary>
    public async Task<SealedSecrets> ReadWebhookSecretsAsync(string webhookId, CancellationToken ct)
    {
        using var span = Trace("webhooks.read_secrets");
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT secret, previous_secret, previous_secret_until FROM webhooks WHERE id = @id", ("@id", webhookId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw WebhookRefusals.NotFound(webhookId);
        }

        return new SealedSecrets(
            reader.GetFieldValue<byte[]>(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1),
            reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
    }

    /// <summary>
    /// Queues, for every webhook, the deliveries of up to <paramref name="eventsPerWebhook"/>
    /// committed events after its cursor that its filter matches, and moves the cursor past them,
    /// one transaction per webhook. The cursor moves only from the value read, so when two replicas
    /// fan out at once, one of them queues and the other changes nothing. Returns how many
    /// deliveries were queued.
    /// </summary>
    public async Task<int> FanOutAsync(int eventsPerWebhook, CancellationToken ct)
    {
        using var span = Trace("webhooks.fan_out");
        await using var connection = await OpenAsync(ct);
        var latest = await ScalarAsync<long>(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM events", ct);
        var behind = new List<(long Pk, long Cursor, ClaimEventFilter Filter)>();
        await using (var command = Command(connection, null, "SELECT pk, cursor_seq, document FROM webhooks WHERE cursor_seq < @latest ORDER BY pk", ("@latest", latest)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                behind.Add((reader.GetInt64(0), reader.GetInt64(1), StoredJson.Read<StoredWebhook>(reader.GetString(2)).Filter()));
            }
        }

        var queued = 0;
        var read = new Dictionary<long, IReadOnlyList<ClaimEvent>>();
        foreach (var (pk, cursor, filter) in behind)
        {
            // Webhooks at the same place (usually all of them) read the events there once.
            if (!read.TryGetValue(cursor, out var events))
            {
                read[cursor] = events = await ReadEventsAsync(cursor, eventsPerWebhook, ct);
            }

            if (events.Count == 0)
            {
                continue;
            }

            await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
            var tx = scope.Transaction;
            var moved = await UpdateCountAsync(connection, tx, "UPDATE webhooks SET cursor_seq = @to WHERE pk = @pk AND cursor_seq = @from", ct,
                ("@pk", pk), ("@from", cursor), ("@to", events[^1].Sequence));
            if (moved == 0)
            {
                continue;
            }

            var now = Clock.GetUtcNow().UtcTicks;
            foreach (var change in events.Where(filter.Matches))
            {
                await ExecuteAsync(connection, tx, """
                    INSERT INTO webhook_deliveries
                        (webhook_pk, seq, claim_id, event_type, state, queue_order, attempt_count, next_attempt_ticks, create_ticks)
                    VALUES (@webhook, @seq, @claim, @type, @state, @seq, 0, @now, @now)
                    """, ct, ("@webhook", pk), ("@seq", change.Sequence), ("@claim", change.Claim.Id), ("@type", (int)change.Type),
                    ("@state", (int)DeliveryState.Pending), ("@now", now));
                queued++;
            }

            await tx.CommitAsync(ct);
        }

        return queued;
    }

    /// <summary>
    /// Leases to <paramref name="deliverer"/> until <paramref name="leaseUntil"/> up to
    /// <paramref name="limit"/> deliveries whose turn has come: pending, due by <paramref name="now"/>,
    /// of an active webhook, not leased by another deliverer, and first in their claim's queue for
    /// their webhook. Longest-waiting first.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> LeaseDueAsync(
        string deliverer, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct, string? webhookId = null)
    {
        using var span = Trace("webhooks.lease");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
        var tx = scope.Transaction;
        var due = new List<DueDelivery>();
        await using (var command = Command(connection, tx, $"""
            SELECT d.pk, w.id, w.document, d.seq, d.claim_id, d.attempt_count, d.first_attempt_ticks
            FROM webhook_deliveries d JOIN webhooks w ON w.pk = d.webhook_pk
            WHERE {DueCondition} {(webhookId is null ? "" : "AND w.id = @webhook")}
            ORDER BY d.next_attempt_ticks, d.pk
            LIMIT @limit
            {Dialect.ForUpdateSkipLocked("d")}
            """, [.. DueParameters(now), ("@limit", limit), .. webhookId is null ? [] : new[] { ("@webhook", (object?)webhookId) }]))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                due.Add(new DueDelivery(reader.GetInt64(0), reader.GetString(1), StoredJson.Read<StoredWebhook>(reader.GetString(2)).TargetUrl,
                    reader.GetInt64(3), reader.GetString(4), reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero)));
            }
        }

        foreach (var delivery in due)
        {
            await ExecuteAsync(connection, tx, "UPDATE webhook_deliveries SET lease_owner = @owner, lease_until_ticks = @until WHERE pk = @pk", ct,
                ("@pk", delivery.Pk), ("@owner", deliverer), ("@until", leaseUntil.UtcTicks));
        }

        await tx.CommitAsync(ct);
        return due;
    }

    /// <summary>Up to <paramref name="limit"/> webhooks with a delivery whose turn has come (as <see cref="LeaseDueAsync"/> sees it), those waiting longest first.</summary>
    public async Task<IReadOnlyList<string>> DueWebhooksAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        using var span = Trace("webhooks.due");
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, $"""
            SELECT w.id FROM webhook_deliveries d JOIN webhooks w ON w.pk = d.webhook_pk
            WHERE {DueCondition}
            GROUP BY w.id ORDER BY MIN(d.next_attempt_ticks) LIMIT @limit
            """, [.. DueParameters(now), ("@limit", limit)]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var webhooks = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            webhooks.Add(reader.GetString(0));
        }

        return webhooks;
    }

    /// <summary>
    /// A delivery (d, of webhook w) whose turn has come: pending, due, of an active webhook, not
    /// leased, and first in its claim's queue for its webhook.
    /// </summary>
    private const string DueCondition = """
        d.state = @pending AND d.next_attempt_ticks <= @now AND w.state = @active
          AND (d.lease_until_ticks IS NULL OR d.lease_until_ticks <= @now)
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries e
            WHERE e.webhook_pk = d.webhook_pk AND e.claim_id = d.claim_id AND e.state = @pending
              AND (e.queue_order < d.queue_order OR (e.queue_order = d.queue_order AND e.seq < d.seq)))
        """;

    private static (string, object?)[] DueParameters(DateTimeOffset now) =>
        [("@pending", (int)DeliveryState.Pending), ("@active", (int)WebhookState.Active), ("@now", now.UtcTicks)];

    /// <summary>
    /// Stores an attempt's outcome, when <paramref name="deliverer"/> still holds the lease
    /// (otherwise returns false and stores nothing): the attempt, the delivery's new state and
    /// next attempt time, and, when <paramref name="pauseReason"/> is given, the webhook paused with it.
    /// </summary>
    public async Task<bool> RecordAttemptAsync(
        long deliveryPk, string deliverer, DeliveryAttempt attempt, DeliveryState state, DateTimeOffset? nextAttempt, string? pauseReason, CancellationToken ct)
    {
        using var span = Trace("webhooks.record_attempt");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
        var tx = scope.Transaction;
        var updated = await UpdateCountAsync(connection, tx, """
            UPDATE webhook_deliveries
            SET state = @state, attempt_count = attempt_count + 1, next_attempt_ticks = @next,
                first_attempt_ticks = COALESCE(first_attempt_ticks, @time), lease_owner = NULL, lease_until_ticks = NULL
            WHERE pk = @pk AND lease_owner = @owner
            """, ct, ("@pk", deliveryPk), ("@owner", deliverer), ("@state", (int)state),
            ("@next", (nextAttempt ?? attempt.Time).UtcTicks), ("@time", attempt.Time.UtcTicks));
        if (updated == 0)
        {
            return false;
        }

        await ExecuteAsync(connection, tx, """
            INSERT INTO webhook_attempts (delivery_pk, attempt, time_ticks, http_status, error, duration_ticks)
            SELECT @pk, attempt_count, @time, @status, @error, @duration FROM webhook_deliveries WHERE pk = @pk
            """, ct, ("@pk", deliveryPk), ("@time", attempt.Time.UtcTicks), ("@status", attempt.HttpStatus), ("@error", attempt.Error),
            ("@duration", attempt.Duration.Ticks));
        await ExecuteAsync(connection, tx, """
            DELETE FROM webhook_attempts WHERE delivery_pk = @pk AND attempt <= (SELECT attempt_count FROM webhook_deliveries WHERE pk = @pk) - @kept
            """, ct, ("@pk", deliveryPk), ("@kept", AttemptsShown));
        if (pauseReason is not null)
        {
            var webhookId = await ScalarAsync<string>(connection, tx,
                "SELECT w.id FROM webhooks w JOIN webhook_deliveries d ON d.webhook_pk = w.pk WHERE d.pk = @pk", ct, ("@pk", deliveryPk));
            var current = await CurrentWebhookAsync(connection, tx, webhookId, null, ct);
            await SaveWebhookAsync(connection, tx, current with
            {
                State = WebhookState.Paused, PauseReason = pauseReason, Revision = current.Revision + 1, UpdateTime = Clock.GetUtcNow(),
            }, ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>A page of the webhook's deliveries, newest first, before row <paramref name="beforePk"/> (all when null), in <paramref name="state"/> (any when null).</summary>
    public async Task<DeliveryPage> ListDeliveriesAsync(string webhookId, DeliveryState? state, long? beforePk, int limit, CancellationToken ct)
    {
        using var span = Trace("webhooks.list_deliveries");
        await using var connection = await OpenAsync(ct);
        var found = await FindWebhookAsync(connection, null, webhookId, ct) ?? throw WebhookRefusals.NotFound(webhookId);
        var rows = new List<(long Pk, Delivery Delivery)>();
        (string, object?)[] parameters = [("@webhook", found.Pk), ("@before", beforePk ?? long.MaxValue), ("@limit", limit + 1)];
        await using (var command = Command(connection, null, $"""
            SELECT pk, seq, claim_id, event_type, state, attempt_count, next_attempt_ticks, create_ticks
            FROM webhook_deliveries
            WHERE webhook_pk = @webhook AND pk < @before {(state is null ? "" : "AND state = @state")}
            ORDER BY pk DESC LIMIT @limit
            """, state is null ? parameters : [.. parameters, ("@state", (int)state)]))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var deliveryState = (DeliveryState)reader.GetInt32(4);
                rows.Add((reader.GetInt64(0), new Delivery(webhookId, reader.GetInt64(1), reader.GetString(2), (ClaimEventType)reader.GetInt32(3), deliveryState,
                    reader.GetInt32(5), deliveryState == DeliveryState.Pending ? Ticks(reader.GetInt64(6)) : null, Ticks(reader.GetInt64(7)), [])));
            }
        }

        var more = rows.Count > limit;
        var page = rows.Take(limit).ToList();
        var attempts = await AttemptsAsync(connection, page.Select(r => r.Pk).ToList(), ct);
        return new DeliveryPage(
            [.. page.Select(r => r.Delivery with { Attempts = attempts.GetValueOrDefault(r.Pk) ?? [] })],
            more ? page[^1].Pk : null);
    }

    /// <summary>Queues the webhook's delivery of the event at <paramref name="sequence"/> again, behind the claim's deliveries already queued.</summary>
    public async Task<Delivery> RedeliverAsync(string webhookId, long sequence, CancellationToken ct)
    {
        using var span = Trace("webhooks.redeliver");
        await using var connection = await OpenAsync(ct);
        await using var scope = await Dialect.BeginRowWriteAsync(connection, ct);
        var tx = scope.Transaction;
        var found = await FindWebhookAsync(connection, tx, webhookId, ct) ?? throw WebhookRefusals.NotFound(webhookId);
        var now = Clock.GetUtcNow();
        long deliveryPk;
        await using (var command = Command(connection, tx, """
            UPDATE webhook_deliveries
            SET state = @pending, next_attempt_ticks = @now, first_attempt_ticks = NULL, lease_owner = NULL, lease_until_ticks = NULL,
                queue_order = (SELECT MAX(queue_order) + 1 FROM webhook_deliveries WHERE webhook_pk = @webhook)
            WHERE webhook_pk = @webhook AND seq = @seq
            RETURNING pk
            """, ("@webhook", found.Pk), ("@seq", sequence), ("@pending", (int)DeliveryState.Pending), ("@now", now.UtcTicks)))
        {
            deliveryPk = await command.ExecuteScalarAsync(ct) is { } pk
                ? Convert.ToInt64(pk, System.Globalization.CultureInfo.InvariantCulture)
                : throw WebhookRefusals.DeliveryNotFound(webhookId, sequence);
        }

        await tx.CommitAsync(ct);
        return (await ListDeliveriesAsync(webhookId, null, deliveryPk + 1, 1, ct)).Deliveries[0];
    }

    /// <summary>How many deliveries are pending, and when the oldest of them was queued (null when none is).</summary>
    public async Task<(long Pending, DateTimeOffset? Oldest)> DeliveryBacklogAsync(CancellationToken ct)
    {
        using var span = Trace("webhooks.backlog");
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT COUNT(*), MIN(create_ticks) FROM webhook_deliveries WHERE state = @pending",
            ("@pending", (int)DeliveryState.Pending));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : Ticks(reader.GetInt64(1)));
    }

    private static async Task<Dictionary<long, List<DeliveryAttempt>>> AttemptsAsync(DbConnection connection, List<long> deliveryPks, CancellationToken ct)
    {
        var attempts = new Dictionary<long, List<DeliveryAttempt>>();
        if (deliveryPks.Count == 0)
        {
            return attempts;
        }

        var names = deliveryPks.Select((_, i) => $"@d{i}").ToList();
        await using var command = Command(connection, null, $"""
            SELECT delivery_pk, time_ticks, http_status, error, duration_ticks FROM webhook_attempts
            WHERE delivery_pk IN ({string.Join(", ", names)}) ORDER BY delivery_pk, attempt
            """, [.. deliveryPks.Select((pk, i) => (names[i], (object?)pk))]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var pk = reader.GetInt64(0);
            if (!attempts.TryGetValue(pk, out var list))
            {
                attempts[pk] = list = [];
            }

            list.Add(new DeliveryAttempt(Ticks(reader.GetInt64(1)), reader.GetInt32(2), reader.GetString(3), TimeSpan.FromTicks(reader.GetInt64(4))));
        }

        return attempts;
    }

    private async Task<Webhook> CurrentWebhookAsync(DbConnection connection, DbTransaction tx, string webhookId, string? etag, CancellationToken ct)
    {
        var found = await FindWebhookAsync(connection, tx, webhookId, ct, forUpdate: true) ?? throw WebhookRefusals.NotFound(webhookId);
        if (etag is not null && etag != found.Webhook.Etag)
        {
            throw WebhookRefusals.EtagMismatch(webhookId, etag, found.Webhook.Etag);
        }

        return found.Webhook;
    }

    private static async Task SaveWebhookAsync(DbConnection connection, DbTransaction tx, Webhook webhook, CancellationToken ct) =>
        await ExecuteAsync(connection, tx, "UPDATE webhooks SET state = @state, revision = @revision, document = @doc WHERE id = @id", ct,
            ("@id", webhook.Id), ("@state", (int)webhook.State), ("@revision", webhook.Revision), ("@doc", StoredJson.Write(StoredWebhook.From(webhook))));

    private async Task<(long Pk, Webhook Webhook)?> FindWebhookAsync(DbConnection connection, DbTransaction? tx, string webhookId, CancellationToken ct, bool forUpdate = false)
    {
        await using var command = Command(connection, tx, $"SELECT {WebhookColumns} FROM webhooks w WHERE w.id = @id {(forUpdate ? Dialect.ForUpdate : "")}", ("@id", webhookId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadWebhook(reader) : null;
    }

    private static (long Pk, Webhook Webhook) ReadWebhook(DbDataReader reader)
    {
        var stored = StoredJson.Read<StoredWebhook>(reader.GetString(5));
        return (reader.GetInt64(0), stored.ToWebhook(reader.GetString(1), reader.GetString(2), (WebhookState)reader.GetInt32(3), reader.GetInt64(4)));
    }

    private static async Task<int> UpdateCountAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>A webhook's document: what is not in its own columns (id, owner, state, revision). Arrays, so the JSON stays plain.</summary>
    private sealed record StoredWebhook(
        string TargetUrl, ClaimEventType[] Events, ClaimStatus[] Statuses, string? Tag, string Description, string PauseReason,
        DateTimeOffset CreateTime, DateTimeOffset UpdateTime, DateTimeOffset? PreviousSecretExpireTime)
    {
        public static StoredWebhook From(Webhook w) => new(
            w.Settings.TargetUrl, [.. w.Settings.Filter.Events.Order()], [.. w.Settings.Filter.Statuses.Order()], w.Settings.Filter.Tag, w.Settings.Description,
            w.PauseReason, w.CreateTime, w.UpdateTime, w.PreviousSecretExpireTime);

        public ClaimEventFilter Filter() => new(Events.ToHashSet(), Statuses.ToHashSet(), Tag);

        public Webhook ToWebhook(string id, string owner, WebhookState state, long revision) =>
            new(id, owner, new WebhookSettings(TargetUrl, Filter(), Description), state, PauseReason, CreateTime, UpdateTime, revision, PreviousSecretExpireTime);
    }
}
