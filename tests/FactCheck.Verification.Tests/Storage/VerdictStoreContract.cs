using FactCheck.Testing;
using FactCheck.Storage;
using FactCheck.Domain;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Tests.Storage;

/// <summary>
/// What every verdict store must do, whatever database is behind it. Each backend runs these
/// same tests through a subclass that says how to make an empty store.
/// </summary>
public abstract class VerdictStoreContract
{
    private static readonly WriteContext Desk = new("fact-desk", "", "");

    /// <summary>The dialect of a new, empty database (the test is skipped when the backend is unavailable).</summary>
    protected abstract Task<SqlDialect> EmptyDatabaseAsync();

    /// <summary>A migrated store over the database of <paramref name="dialect"/>.</summary>
    protected abstract Task<IVerdictStore> OpenAsync(SqlDialect dialect);

    /// <summary>A migrated store over an empty database.</summary>
    protected async Task<IVerdictStore> NewStoreAsync() => await OpenAsync(await EmptyDatabaseAsync());

    /// <summary>A second store over the same database, as another replica or process would have.</summary>
    protected abstract Task<IVerdictStore> SameDatabaseAsync(IVerdictStore store);

    private static VerdictContent Content(string claim, string party, Decision decision = Decision.Confirm, string note = "") =>
        new(claim, party, $"{party} government spokesperson", decision,
            [new Evidence($"https://example.org/statements/{party.ToLowerInvariant()}", $"{party}: {decision}", new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero))],
            note);

    private static WriteContext Request(string id, string fingerprint) => new("fact-desk", id, fingerprint);

    private static VerdictDelivery Applied(ClaimStatus status, string detail) =>
        new(DeliveryState.Applied, "", status, detail, new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task A_recorded_verdict_reads_back_as_recorded_with_its_queued_outbox_row()
    {
        var store = await NewStoreAsync();

        var recorded = await store.RecordAsync(Content("agreement", "Washington", note: "on the record"), Request("r1", "fp-1"), default);

        Assert.False(recorded.Repeated);
        var verdict = recorded.Verdict;
        Assert.True(verdict.Sequence > 0);
        Assert.Equal(DeliveryState.Queued, verdict.Delivery.State);
        Assert.Equal("fact-desk", verdict.Recorder);
        var outbox = Assert.IsType<OutboxEntry>(recorded.Outbox);
        Assert.Equal((verdict.Id, "agreement", OutboxKind.Verdict, 0, ""), (outbox.VerdictId, outbox.ClaimId, outbox.Kind, outbox.Attempts, outbox.LastError));

        var fetched = await store.GetVerdictAsync(verdict.Id, default);
        Assert.Equal(StoredJson.Write(verdict), StoredJson.Write(fetched));
        Assert.Equal(StoredJson.Write(verdict), StoredJson.Write(Assert.Single(await store.ListVerdictsAsync("agreement", 0, 10, default))));
        Assert.Equal(StoredJson.Write(verdict), StoredJson.Write(await store.FindByRequestAsync(Request("r1", "fp-1"), default)));
        Assert.Equal(StoredJson.Write(outbox), StoredJson.Write(Assert.Single(await store.QueuedAsync("agreement", default))));
        Assert.Null(await store.GetVerdictAsync("v-missing", default));
        Assert.Null(await store.FindByRequestAsync(Request("r-unknown", "fp"), default));
        Assert.Empty(await store.ListVerdictsAsync("other", 0, 10, default));
    }

    [SkippableFact]
    public async Task A_request_id_records_once_and_refuses_a_different_request()
    {
        var store = await NewStoreAsync();
        var first = await store.RecordAsync(Content("agreement", "Washington"), Request("r1", "fp-a"), default);

        var again = await store.RecordAsync(Content("agreement", "Washington"), Request("r1", "fp-a"), default);
        Assert.True(again.Repeated);
        Assert.Null(again.Outbox);
        Assert.Equal(first.Verdict.Id, again.Verdict.Id);

        await Refused.ByAsync("REQUEST_ID_REUSED", () => store.RecordAsync(Content("agreement", "Baghdad"), Request("r1", "fp-b"), default));
        await Refused.ByAsync("REQUEST_ID_REUSED", () => store.FindByRequestAsync(Request("r1", "fp-b"), default));
        // Neither the repeat nor the refused request wrote a verdict or an outbox row.
        Assert.Single(await store.ListVerdictsAsync("agreement", 0, 10, default));
        Assert.Single(await store.QueuedAsync("agreement", default));
    }

    [SkippableFact]
    public async Task Two_callers_using_one_request_id_get_results_of_their_own()
    {
        var store = await NewStoreAsync();

        var desk = await store.RecordAsync(Content("agreement", "Washington"), new WriteContext("fact-desk", "r1", "fp-a"), default);
        var newsroom = await store.RecordAsync(Content("agreement", "Baghdad"), new WriteContext("newsroom", "r1", "fp-b"), default);

        Assert.False(newsroom.Repeated);
        Assert.NotEqual(desk.Verdict.Id, newsroom.Verdict.Id);
        Assert.Equal(desk.Verdict.Id, (await store.FindByRequestAsync(new WriteContext("fact-desk", "r1", "fp-a"), default))?.Id);
        Assert.Equal(newsroom.Verdict.Id, (await store.FindByRequestAsync(new WriteContext("newsroom", "r1", "fp-b"), default))?.Id);
        Assert.Null(await store.FindByRequestAsync(new WriteContext("reader", "r1", "fp-a"), default));
        Assert.Equal(2, (await store.ListVerdictsAsync("agreement", 0, 10, default)).Count);
    }

    [SkippableFact]
    public async Task A_database_from_before_caller_scoped_request_ids_keeps_its_requests()
    {
        // What migrations 1 and 2 left behind: a verdict recorded under a bare request id.
        var dialect = await EmptyDatabaseAsync();
        var verdict = new Verdict("v-old", 0, Content("agreement", "Washington"), new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), "fact-desk", VerdictDelivery.Queued);
        await using (var connection = await dialect.OpenAsync(default))
        {
            var shipped = VerdictMigrations.For(dialect).Where(m => m.Version <= 2).Select(m => m.Sql);
            foreach (var sql in shipped.Prepend("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_time TEXT NOT NULL)").Append($"""
                INSERT INTO schema_migrations (version, applied_time) VALUES (1, '2025-01-01'), (2, '2025-02-01');
                INSERT INTO verdicts (id, claim_id, outbox_seq, state, document) VALUES ('v-old', 'agreement', 1, 0, '{StoredJson.Write(verdict)}');
                INSERT INTO requests (request_id, fingerprint, verdict_id) VALUES ('r-old', 'fp-old', 'v-old');
                """))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }

        var store = await OpenAsync(dialect);

        Assert.Equal("v-old", (await store.FindByRequestAsync(new WriteContext("fact-desk", "r-old", "fp-old"), default))?.Id);
        Assert.True((await store.RecordAsync(Content("agreement", "Washington"), new WriteContext("fact-desk", "r-old", "fp-old"), default)).Repeated);
        Assert.Null(await store.FindByRequestAsync(new WriteContext("newsroom", "r-old", "fp-old"), default));
    }

    [SkippableFact]
    public async Task Concurrent_records_with_one_request_id_from_two_stores_make_one_verdict()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);

        var recorded = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? store : other).RecordAsync(Content("agreement", "Washington"), Request("same", "fp"), default)));

        Assert.Single(recorded.Select(r => r.Verdict.Id).Distinct());
        Assert.Single(recorded, r => !r.Repeated);
        Assert.Single(await store.ListVerdictsAsync("agreement", 0, 10, default));
        Assert.Single(await other.QueuedAsync("agreement", default));
    }

    [SkippableFact]
    public async Task Every_verdict_has_its_outbox_row_and_rows_are_read_in_the_order_written()
    {
        var store = await NewStoreAsync();
        var washington = await store.RecordAsync(Content("agreement", "Washington"), Desk, default);
        var attacks = await store.RecordAsync(Content("attacks", "Pentagon", Decision.Dispute), Desk, default);
        var baghdad = await store.RecordAsync(Content("agreement", "Baghdad"), Desk, default);

        var queued = await store.QueuedAsync("agreement", default);
        Assert.Equal([washington.Verdict.Id, baghdad.Verdict.Id], queued.Select(e => e.VerdictId));
        Assert.True(queued[0].Sequence < queued[1].Sequence);
        Assert.Equal(queued.Select(e => e.Sequence), new[] { washington.Outbox!.Sequence, baghdad.Outbox!.Sequence });
        Assert.Equal(["agreement", "attacks"], await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, 10, default));
        Assert.Equal(["agreement"], await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, 1, default));
        Assert.Equal(attacks.Verdict.Id, Assert.Single(await store.QueuedAsync("attacks", default)).VerdictId);

        // A delivery of row N counts the verdicts written up to N, not those after it.
        Assert.Equal([washington.Verdict.Id], (await store.CountingVerdictsAsync("agreement", washington.Outbox.Sequence, default)).Select(v => v.Id));
        Assert.Equal([washington.Verdict.Id, baghdad.Verdict.Id], (await store.CountingVerdictsAsync("agreement", baghdad.Outbox.Sequence, default)).Select(v => v.Id));
        Assert.Equal([washington.Verdict.Id, baghdad.Verdict.Id], (await store.ListVerdictsAsync("agreement", 0, 10, default)).Select(v => v.Id));
        Assert.Equal([baghdad.Verdict.Id], (await store.ListVerdictsAsync("agreement", washington.Verdict.Sequence, 10, default)).Select(v => v.Id));
        Assert.Equal([washington.Verdict.Id], (await store.ListVerdictsAsync("agreement", 0, 1, default)).Select(v => v.Id));
    }

    [SkippableFact]
    public async Task Deliveries_move_from_queued_to_applied_or_rejected_with_their_reason()
    {
        var store = await NewStoreAsync();
        var washington = await store.RecordAsync(Content("agreement", "Washington"), Desk, default);
        var baghdad = await store.RecordAsync(Content("agreement", "Baghdad", Decision.Deny), Desk, default);

        await store.RecordFailedAttemptAsync(washington.Outbox!, "Unavailable: connection refused", default);
        await store.RecordFailedAttemptAsync(washington.Outbox!, new string('x', 5000), default);
        var waiting = (await store.QueuedAsync("agreement", default))[0];
        Assert.Equal((2, 1000), (waiting.Attempts, waiting.LastError.Length));

        await store.CompleteAsync(waiting, Applied(ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"), null, default);
        await store.CompleteAsync(baghdad.Outbox!, new VerdictDelivery(DeliveryState.Rejected, "the claims service refused REFUTED: no", null, "", null), null, default);

        Assert.Empty(await store.QueuedAsync("agreement", default));
        Assert.Empty(await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, 10, default));
        var applied = await store.GetVerdictAsync(washington.Verdict.Id, default);
        Assert.Equal((DeliveryState.Applied, ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"),
            (applied!.Delivery.State, applied.Delivery.ResultingStatus, applied.Delivery.ResultingDetail));
        var rejected = await store.GetVerdictAsync(baghdad.Verdict.Id, default);
        Assert.Equal((DeliveryState.Rejected, "the claims service refused REFUTED: no"), (rejected!.Delivery.State, rejected.Delivery.Reason));
        // A rejected verdict no longer counts towards the status.
        Assert.Equal([washington.Verdict.Id], (await store.CountingVerdictsAsync("agreement", long.MaxValue, default)).Select(v => v.Id));
    }

    [SkippableFact]
    public async Task An_overdue_check_is_queued_once_while_one_is_waiting()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);

        var queued = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? store : other).QueueOverdueAsync(["first-withdrawal"], default)));

        Assert.Equal(1, queued.Sum());
        var check = Assert.Single(await store.QueuedAsync("first-withdrawal", default));
        Assert.Equal((OutboxKind.Overdue, null), (check.Kind, check.VerdictId));
        await store.CompleteAsync(check, Applied(ClaimStatus.Overdue, ""), null, default);
        Assert.Equal(1, await other.QueueOverdueAsync(["first-withdrawal"], default));
    }

    [SkippableFact]
    public async Task A_sweep_queues_many_claims_at_once_each_once_across_chunks()
    {
        var store = await NewStoreAsync();
        // More than one write's worth (500 a write), with a claim named twice and one already waiting.
        var claims = Enumerable.Range(0, 1_200).Select(i => $"due-{i:D4}").ToList();
        Assert.Equal(1, await store.QueueOverdueAsync(["due-0700"], default));

        var queued = await store.QueueOverdueAsync([.. claims, "due-0003"], default);

        Assert.Equal(1_199, queued);
        Assert.Equal(1_200, (await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, 2_000, default)).Count);
        Assert.All(await store.QueuedAsync("due-0003", default), row => Assert.Equal(OutboxKind.Overdue, row.Kind));
        Assert.Single(await store.QueuedAsync("due-0003", default));
    }

    [SkippableFact]
    public async Task The_verdict_lane_finds_queued_verdicts_however_many_overdue_checks_wait_before_them()
    {
        var store = await NewStoreAsync();
        Assert.Equal(300, await store.QueueOverdueAsync(Enumerable.Range(0, 300).Select(i => $"due-{i:D3}").ToList(), default));
        var attacks = await store.RecordAsync(Content("attacks", "Pentagon", Decision.Dispute), Desk, default);
        // A claim with an overdue check queued before its verdict: both rows go, in order, with the claim.
        var laterVerdict = await store.RecordAsync(Content("due-000", "Washington"), Desk, default);

        // Ordered by their verdicts, the one waiting longest first: the overdue check queued earlier does not count here.
        Assert.Equal(["attacks", "due-000"], await store.ClaimsWithQueuedAsync(OutboxLane.Verdicts, 10, default));
        Assert.Equal(["attacks"], await store.ClaimsWithQueuedAsync(OutboxLane.Verdicts, 1, default));
        // The backlog lane takes every claim with anything queued, the one waiting longest first.
        var backlog = await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, 1_000, default);
        Assert.Equal(301, backlog.Count);
        Assert.Equal(("due-000", "attacks"), (backlog[0], backlog[^1]));
        Assert.Equal([OutboxKind.Overdue, OutboxKind.Verdict], (await store.QueuedAsync("due-000", default)).Select(r => r.Kind));

        await store.CompleteAsync(attacks.Outbox!, Applied(ClaimStatus.Disputed, "disputed by Pentagon"), null, default);
        await store.CompleteAsync(laterVerdict.Outbox!, Applied(ClaimStatus.Pending, ""), null, default);
        Assert.Empty(await store.ClaimsWithQueuedAsync(OutboxLane.Verdicts, 10, default));
        Assert.Equal(300, (await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, 1_000, default)).Count);
    }

    [SkippableFact]
    public async Task Finished_deliveries_leave_each_claims_latest_mark_a_page_of_claims_at_a_time()
    {
        var store = await NewStoreAsync();
        var t1 = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        var t2 = t1.AddMinutes(5);
        async Task DeliverAsync(string claim, string party, VerdictDelivery delivery)
        {
            var recorded = await store.RecordAsync(Content(claim, party), Desk, default);
            await store.CompleteAsync(recorded.Outbox!, delivery, null, default);
        }

        await DeliverAsync("agreement", "Washington", Applied(ClaimStatus.Pending, "awaiting Baghdad") with { ClaimUpdateTime = t1 });
        await DeliverAsync("agreement", "Baghdad", Applied(ClaimStatus.Confirmed, "confirmed") with { ClaimUpdateTime = t2 });
        // A refusal read from the claim leaves a mark too, and a rejected verdict does not count.
        await DeliverAsync("agreement", "Ankara", new VerdictDelivery(DeliveryState.Rejected, "no", null, "", t2, t2.AddSeconds(1)));
        // Finished without the claim read (it did not exist): no mark, so the claim is not listed.
        await DeliverAsync("announcement", "Washington", new VerdictDelivery(DeliveryState.Rejected, "no such claim", null, "", t2));
        await DeliverAsync("withdrawal", "Washington", Applied(ClaimStatus.Confirmed, "confirmed by Washington") with { ClaimUpdateTime = t1 });
        // Queued only: no mark yet.
        await store.RecordAsync(Content("withdrawal", "Baghdad"), Desk, default);

        var first = Assert.Single(await store.AppliedMarksAsync("", 1, default));
        var rest = await store.AppliedMarksAsync(first.ClaimId, 10, default);

        Assert.Equal(("agreement", t2.AddSeconds(1), 2), (first.ClaimId, first.ClaimUpdateTime, first.Verdicts));
        var withdrawal = Assert.Single(rest);
        Assert.Equal(("withdrawal", t1, 2), (withdrawal.ClaimId, withdrawal.ClaimUpdateTime, withdrawal.Verdicts));
        Assert.StartsWith("verification-", withdrawal.OutboxId, StringComparison.Ordinal);
        Assert.Empty(await store.AppliedMarksAsync("withdrawal", 10, default));
    }

    [SkippableFact]
    public async Task A_reconcile_row_is_queued_only_while_nothing_is_queued_for_the_claim()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        var recorded = await store.RecordAsync(Content("agreement", "Washington"), Desk, default);

        // The verdict's own row, still queued, re-derives the status anyway.
        Assert.False(await store.QueueReconcileAsync("agreement", default));
        await store.CompleteAsync(recorded.Outbox!, Applied(ClaimStatus.Pending, ""), null, default);

        var queued = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? store : other).QueueReconcileAsync("agreement", default)));

        Assert.Single(queued, q => q);
        var row = Assert.Single(await store.QueuedAsync("agreement", default));
        Assert.Equal((OutboxKind.Reconcile, null), (row.Kind, row.VerdictId));
        Assert.NotEqual(recorded.Outbox!.Id, row.Id);
        Assert.Equal(["agreement"], await store.ClaimsWithQueuedAsync(OutboxLane.Backlog, 10, default));
        // An overdue check is not held back by a waiting reconcile row: they ask different things.
        Assert.Equal(1, await store.QueueOverdueAsync(["agreement"], default));
    }

    [SkippableFact]
    public async Task Claim_snapshots_are_kept_and_replaced()
    {
        var store = await NewStoreAsync();
        var read = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await store.SaveSnapshotAsync(new ClaimSnapshot("agreement", ClaimStatus.Pending, "", ["Washington", "Baghdad"], null, "e1", read), default);
        var newer = new ClaimSnapshot("agreement", ClaimStatus.Confirmed, "confirmed by Washington and Baghdad", ["Washington", "Baghdad"], read.AddDays(30), "e2", read.AddHours(1));
        await store.SaveSnapshotAsync(newer, default);

        Assert.Equal(StoredJson.Write(newer), StoredJson.Write(await store.GetSnapshotAsync("agreement", default)));
        Assert.Null(await store.GetSnapshotAsync("missing", default));
    }

    [SkippableFact]
    public async Task Completing_a_delivery_saves_the_claim_as_read_for_it()
    {
        var store = await NewStoreAsync();
        var recorded = await store.RecordAsync(Content("agreement", "Washington"), Desk, default);
        var read = new ClaimSnapshot("agreement", ClaimStatus.Pending, "awaiting Baghdad", ["Washington", "Baghdad"], null, "e7", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

        await store.CompleteAsync(recorded.Outbox!, Applied(ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"), read, default);

        Assert.Equal(StoredJson.Write(read), StoredJson.Write(await store.GetSnapshotAsync("agreement", default)));
        Assert.Empty(await store.QueuedAsync("agreement", default));
    }

    [SkippableFact]
    public async Task Concurrent_records_on_one_claim_from_two_stores_become_visible_in_outbox_order()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        const int Records = 30;
        using var stop = new CancellationTokenSource();

        // A deliverer polls the queue as it grows: once it has seen row N, no row before N may
        // appear later, or it would deliver N without the verdicts that come before it.
        var reader = Task.Run(async () =>
        {
            long highest = 0;
            var seen = new HashSet<long>();
            while (!stop.IsCancellationRequested)
            {
                foreach (var entry in await store.QueuedAsync("agreement", default))
                {
                    if (seen.Add(entry.Sequence))
                    {
                        Assert.True(entry.Sequence > highest, $"row {entry.Sequence} became visible after row {highest}");
                        highest = entry.Sequence;
                    }
                }
            }

            return seen.Count;
        });

        var recorded = await Task.WhenAll(Enumerable.Range(0, Records).Select(i =>
            (i % 2 == 0 ? store : other).RecordAsync(Content("agreement", $"party {i}"), Desk, default)));
        await stop.CancelAsync();
        await reader;

        var queued = await store.QueuedAsync("agreement", default);
        Assert.Equal(Records, queued.Count);
        Assert.Equal(queued.Select(e => e.Sequence).Order(), queued.Select(e => e.Sequence));
        // Verdicts and their outbox rows are numbered in the same order.
        var verdicts = await store.ListVerdictsAsync("agreement", 0, 100, default);
        Assert.Equal(queued.Select(e => e.VerdictId), verdicts.Select(v => v.Id));
        Assert.Equal(recorded.Select(r => r.Verdict.Id).Order(), verdicts.Select(v => v.Id).Order());
    }

    [SkippableFact]
    public async Task Deliverers_of_one_claim_take_turns_while_other_claims_proceed()
    {
        var store = await NewStoreAsync();
        var locks = new ClaimLocks(store);
        var gate = new Lock();
        var inside = 0;
        var most = 0;
        var asked = 0;
        var everyoneAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task DeliverAsync(string claim)
        {
            if (Interlocked.Increment(ref asked) == 10)
            {
                everyoneAsked.SetResult();
            }

            using var held = await locks.AcquireAsync(claim, default);
            lock (gate)
            {
                most = Math.Max(most, ++inside);
            }

            // Hold the lock until all ten have asked for it, so they really contend for it.
            await everyoneAsked.Task.WaitAsync(TimeSpan.FromSeconds(30));
            lock (gate)
            {
                inside--;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => DeliverAsync("agreement")));
        Assert.Equal(1, most);

        // Another claim is not held up by one that is held.
        using var agreement = await locks.AcquireAsync("agreement", default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var attacks = await locks.AcquireAsync("attacks", timeout.Token);
    }

    [SkippableFact]
    public async Task Migrating_again_or_from_two_stores_at_once_is_harmless()
    {
        var store = await NewStoreAsync();
        var kept = await store.RecordAsync(Content("agreement", "Washington"), Desk, default);
        var other = await SameDatabaseAsync(store);

        await Task.WhenAll(store.MigrateAsync(default), other.MigrateAsync(default), store.MigrateAsync(default));

        Assert.Equal(kept.Verdict.Id, (await other.GetVerdictAsync(kept.Verdict.Id, default))!.Id);
        Assert.Single(await other.QueuedAsync("agreement", default));
        await store.PingAsync(default);
        await other.PingAsync(default);
    }
}
