using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Domain.Webhooks;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>The webhook part of the store contract: the outbox fed from the event table, the per-claim queues, leases and outcomes.</summary>
public abstract partial class ClaimStoreContract
{
    private static readonly byte[] Sealed = [1, 2, 3];
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static WebhookSettings Hook(ClaimEventFilter? filter = null) => new("https://hooks.example.org/factcheck", filter ?? ClaimEventFilter.Everything, "newsroom chat");

    private static ClaimEventFilter StatusChanges(params ClaimStatus[] statuses) =>
        new(new HashSet<ClaimEventType> { ClaimEventType.StatusChanged }, statuses.ToHashSet(), null);

    private static Task<Webhook> CreateHookAsync(ClaimStore store, string id, ClaimEventFilter? filter = null, string owner = "newsroom", int limit = 10) =>
        store.CreateWebhookAsync(id, owner, Hook(filter), Sealed, limit, new WriteContext(owner, "", ""), default);

    private static Task<Claim> ConfirmAsync(ClaimStore store, string claimId, ClaimStatus status = ClaimStatus.Confirmed) =>
        store.ChangeStatusAsync(claimId, null, new StatusChange(status, "", "both go-aheads given", []), Editor, default);

    private static async Task DeliverAsync(ClaimStore store, DueDelivery due, string deliverer, DateTimeOffset now) =>
        Assert.True(await store.RecordAttemptAsync(due.Pk, deliverer, new DeliveryAttempt(now, 204, "", TimeSpan.FromMilliseconds(5)),
            DeliveryState.Delivered, null, null, default));

    [SkippableFact]
    public async Task A_webhook_is_queued_the_committed_changes_its_filter_matches_from_its_creation_on()
    {
        var store = await NewStoreAsync();
        var before = await store.CreateAsync("before", Content("Made before the webhook."), ClaimStatus.Pending, "awaiting both", Editor, default);
        await CreateHookAsync(store, "confirmations", StatusChanges(ClaimStatus.Confirmed));
        await ConfirmAsync(store, before.Id);
        await store.CreateAsync("after", Content("Made after the webhook."), ClaimStatus.Unverified, "", Editor, default);
        await ConfirmAsync(store, "after", ClaimStatus.Refuted);

        Assert.Equal(1, await store.FanOutAsync(100, default));
        Assert.Equal(0, await store.FanOutAsync(100, default));

        var page = await store.ListDeliveriesAsync("confirmations", null, null, 10, default);
        var delivery = Assert.Single(page.Deliveries);
        Assert.Equal(("before", ClaimEventType.StatusChanged, DeliveryState.Pending, 0), (delivery.ClaimId, delivery.Type, delivery.State, delivery.AttemptCount));
        Assert.Equal(2, delivery.Sequence);
        Assert.Equal("evt_2", delivery.EventId);
    }

    [SkippableFact]
    public async Task Two_replicas_fanning_out_at_once_queue_each_delivery_once()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        await CreateHookAsync(store, "everything");
        for (var i = 0; i < 40; i++)
        {
            await store.CreateAsync(null, Content($"Claim number {i}."), ClaimStatus.Unverified, "", Editor, default);
        }

        var queued = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? store : other).FanOutAsync(7, default)));
        while (await store.FanOutAsync(7, default) is var more && more > 0)
        {
            queued = [.. queued, more];
        }

        Assert.Equal(40, queued.Sum());
        var page = await store.ListDeliveriesAsync("everything", null, null, 100, default);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), page.Deliveries.Select(d => d.Sequence).Order());
    }

    [SkippableFact]
    public async Task Only_the_first_pending_delivery_of_each_claim_is_due_and_a_lease_keeps_other_deliverers_off()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        await CreateHookAsync(store, "everything");
        await store.CreateAsync("agreement", Content("The agreement is pending."), ClaimStatus.Pending, "awaiting both", Editor, default);
        await ConfirmAsync(store, "agreement");
        await store.CreateAsync("withdrawal", Content("Troops leave by 2011."), ClaimStatus.Unverified, "", Editor, default);
        await store.FanOutAsync(100, default);
        var now = DateTimeOffset.UtcNow;

        var first = await store.LeaseDueAsync("replica-a", now, now + Lease, 10, default);
        Assert.Equal([(1L, "agreement"), (3L, "withdrawal")], first.Select(d => (d.Sequence, d.ClaimId)).Order().ToList());
        Assert.Empty(await other.LeaseDueAsync("replica-b", now, now + Lease, 10, default));

        await DeliverAsync(store, first.Single(d => d.ClaimId == "agreement"), "replica-a", now);
        var next = Assert.Single(await other.LeaseDueAsync("replica-b", now, now + Lease, 10, default));
        Assert.Equal((2L, "agreement", "https://hooks.example.org/factcheck"), (next.Sequence, next.ClaimId, next.TargetUrl));
    }

    [SkippableFact]
    public async Task A_dead_deliverers_lease_ends_and_another_takes_the_delivery_while_the_late_outcome_is_not_stored()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        await CreateHookAsync(store, "everything");
        await store.CreateAsync("agreement", Content("The agreement is pending."), ClaimStatus.Pending, "awaiting both", Editor, default);
        await store.FanOutAsync(100, default);
        var now = DateTimeOffset.UtcNow;
        var leased = Assert.Single(await store.LeaseDueAsync("replica-a", now, now + Lease, 10, default));

        var later = now + Lease + TimeSpan.FromSeconds(1);
        var taken = Assert.Single(await other.LeaseDueAsync("replica-b", later, later + Lease, 10, default));
        Assert.Equal(leased.Pk, taken.Pk);

        Assert.False(await store.RecordAttemptAsync(leased.Pk, "replica-a", new DeliveryAttempt(later, 200, "", TimeSpan.Zero), DeliveryState.Delivered, null, null, default));
        await DeliverAsync(other, taken, "replica-b", later);
        var delivery = Assert.Single((await store.ListDeliveriesAsync("everything", null, null, 10, default)).Deliveries);
        Assert.Equal((DeliveryState.Delivered, 1), (delivery.State, delivery.AttemptCount));
    }

    [SkippableFact]
    public async Task A_failed_attempt_waits_for_its_next_time_and_its_claims_later_events_wait_behind_it()
    {
        var store = await NewStoreAsync();
        await CreateHookAsync(store, "everything");
        await store.CreateAsync("agreement", Content("The agreement is pending."), ClaimStatus.Pending, "awaiting both", Editor, default);
        await ConfirmAsync(store, "agreement");
        await store.FanOutAsync(100, default);
        var now = DateTimeOffset.UtcNow;
        var due = Assert.Single(await store.LeaseDueAsync("replica-a", now, now + Lease, 10, default));

        var retryAt = now + TimeSpan.FromSeconds(30);
        Assert.True(await store.RecordAttemptAsync(due.Pk, "replica-a", new DeliveryAttempt(now, 500, "HTTP 500 Internal Server Error", TimeSpan.FromMilliseconds(40)),
            DeliveryState.Pending, retryAt, null, default));

        Assert.Empty(await store.LeaseDueAsync("replica-a", now + TimeSpan.FromSeconds(29), now + Lease, 10, default));
        var again = Assert.Single(await store.LeaseDueAsync("replica-a", retryAt, retryAt + Lease, 10, default));
        Assert.Equal((due.Pk, 1, now.UtcTicks), (again.Pk, again.AttemptCount, again.FirstAttemptTime?.UtcTicks));

        var page = await store.ListDeliveriesAsync("everything", DeliveryState.Pending, null, 10, default);
        var first = page.Deliveries.Single(d => d.Sequence == 1);
        Assert.Equal(new DeliveryAttempt(new DateTimeOffset(now.UtcTicks, TimeSpan.Zero), 500, "HTTP 500 Internal Server Error", TimeSpan.FromMilliseconds(40)), Assert.Single(first.Attempts));
        Assert.Equal(retryAt.UtcTicks, first.NextAttemptTime?.UtcTicks);
    }

    [SkippableFact]
    public async Task A_delivery_that_fails_for_good_pauses_its_webhook_with_the_reason_and_resuming_delivers_again()
    {
        var store = await NewStoreAsync();
        await CreateHookAsync(store, "everything");
        await store.CreateAsync("agreement", Content("The agreement is pending."), ClaimStatus.Pending, "awaiting both", Editor, default);
        await store.CreateAsync("withdrawal", Content("Troops leave by 2011."), ClaimStatus.Unverified, "", Editor, default);
        await store.FanOutAsync(100, default);
        var now = DateTimeOffset.UtcNow;
        var due = await store.LeaseDueAsync("replica-a", now, now + Lease, 1, default);

        Assert.True(await store.RecordAttemptAsync(due[0].Pk, "replica-a", new DeliveryAttempt(now, 0, "connection refused", TimeSpan.Zero),
            DeliveryState.Failed, null, "deliveries failed for 24 hours", default));

        var paused = await store.GetWebhookAsync("everything", default);
        Assert.Equal((WebhookState.Paused, "deliveries failed for 24 hours", 2L), (paused.State, paused.PauseReason, paused.Revision));
        Assert.Empty(await store.LeaseDueAsync("replica-a", now, now + Lease, 10, default));

        await store.UpdateWebhookAsync("everything", paused.Etag, w => w with { State = WebhookState.Active, PauseReason = "" }, default);
        Assert.Single(await store.LeaseDueAsync("replica-a", now, now + Lease, 10, default));
    }

    [SkippableFact]
    public async Task A_redelivered_event_goes_behind_the_claims_deliveries_already_queued()
    {
        var store = await NewStoreAsync();
        await CreateHookAsync(store, "everything");
        await store.CreateAsync("agreement", Content("The agreement is pending."), ClaimStatus.Pending, "awaiting both", Editor, default);
        await store.FanOutAsync(100, default);
        var now = DateTimeOffset.UtcNow;
        await DeliverAsync(store, Assert.Single(await store.LeaseDueAsync("a", now, now + Lease, 10, default)), "a", now);
        await ConfirmAsync(store, "agreement");
        await store.FanOutAsync(100, default);

        var again = await store.RedeliverAsync("everything", 1, default);

        Assert.Equal((1L, DeliveryState.Pending), (again.Sequence, again.State));
        var order = new List<long>();
        var later = DateTimeOffset.UtcNow;
        for (var round = 0; round < 2; round++)
        {
            var due = Assert.Single(await store.LeaseDueAsync("a", later, later + Lease, 10, default));
            order.Add(due.Sequence);
            await DeliverAsync(store, due, "a", later);
        }

        Assert.Equal([2L, 1L], order);
        await Assert.ThrowsAsync<RefusalException>(() => store.RedeliverAsync("everything", 99, default));
    }

    [SkippableFact]
    public async Task Each_owner_may_have_only_so_many_webhooks_and_a_repeated_request_creates_one()
    {
        var store = await NewStoreAsync();
        var write = new WriteContext("newsroom", "req-1", "fp-1");
        var first = await store.CreateWebhookAsync("one", "newsroom", Hook(), Sealed, 2, write, default);
        var repeat = await store.CreateWebhookAsync("ignored", "newsroom", Hook(), Sealed, 2, write, default);
        Assert.Equal(first, repeat);

        await CreateHookAsync(store, "two", limit: 2);
        var refused = await Assert.ThrowsAsync<RefusalException>(() => CreateHookAsync(store, "three", limit: 2));
        Assert.Equal((RefusalKind.LimitReached, "WEBHOOK_LIMIT_REACHED"), (refused.Kind, refused.Reason));
        await CreateHookAsync(store, "theirs", owner: "desk", limit: 2);

        var taken = await Assert.ThrowsAsync<RefusalException>(() => CreateHookAsync(store, "one", owner: "desk", limit: 2));
        Assert.Equal("WEBHOOK_ALREADY_EXISTS", taken.Reason);
        Assert.Equal(["one", "two", "theirs"], (await store.ListWebhooksAsync(0, 10, default)).Select(w => w.Webhook.Id));
    }

    [SkippableFact]
    public async Task A_stale_etag_changes_nothing_and_deleting_a_webhook_takes_its_deliveries_with_it()
    {
        var store = await NewStoreAsync();
        var created = await CreateHookAsync(store, "everything");
        await store.CreateAsync("agreement", Content("The agreement is pending."), ClaimStatus.Pending, "awaiting both", Editor, default);
        await store.FanOutAsync(100, default);
        var edited = await store.UpdateWebhookAsync("everything", created.Etag, w => w with { Settings = w.Settings with { Description = "desk alerts" } }, default);

        var stale = await Assert.ThrowsAsync<RefusalException>(() => store.DeleteWebhookAsync("everything", created.Etag, default));
        Assert.Equal(RefusalKind.Conflict, stale.Kind);
        Assert.Equal("desk alerts", (await store.GetWebhookAsync("everything", default)).Settings.Description);

        await store.DeleteWebhookAsync("everything", edited.Etag, default);
        Assert.Equal("WEBHOOK_NOT_FOUND", (await Assert.ThrowsAsync<RefusalException>(() => store.GetWebhookAsync("everything", default))).Reason);
        Assert.Empty(await store.LeaseDueAsync("a", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + Lease, 10, default));
    }

    [SkippableFact]
    public async Task A_rotated_secret_keeps_the_previous_one_until_its_grace_period_ends()
    {
        var store = await NewStoreAsync();
        await CreateHookAsync(store, "everything");
        var until = DateTimeOffset.UtcNow.AddHours(24);

        var rotated = await store.RotateWebhookSecretAsync("everything", [9, 9], until, default);

        var secrets = await store.ReadWebhookSecretsAsync("everything", default);
        Assert.Equal([9, 9], secrets.Current);
        Assert.Equal(Sealed, secrets.Previous);
        Assert.Equal(until.UtcTicks, secrets.PreviousUntil?.UtcTicks);
        Assert.Equal(until, rotated.PreviousSecretExpireTime);
        Assert.Equal(until.UtcTicks, (await store.GetWebhookAsync("everything", default)).PreviousSecretExpireTime?.UtcTicks);
    }
}
