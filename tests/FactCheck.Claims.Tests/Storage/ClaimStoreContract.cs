using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using FactCheck.Testing;
using FactCheck.Storage;
using FactCheck.Domain;
using FactCheck.Claims.Storage;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>
/// What every claims store must do, whatever database is behind it. Each backend runs these
/// same tests through a subclass that says how to make an empty store.
/// </summary>
public abstract partial class ClaimStoreContract
{
    private static readonly WriteContext Editor = new("editor", "", "");

    /// <summary>A migrated store over an empty database, or null (with the test skipped) when the backend is unavailable.</summary>
    protected abstract Task<ClaimStore> NewStoreAsync();

    /// <summary>A second store over the same database, as another replica or process would have.</summary>
    protected abstract Task<ClaimStore> SameDatabaseAsync(ClaimStore store);

    /// <summary>The db.system name the backend's spans carry.</summary>
    protected abstract string DatabaseSystem { get; }

    /// <summary>
    /// Takes the database's write lock from outside <paramref name="store"/> (another connection,
    /// as another process would) and holds it until disposed: the store's writes queue up behind it.
    /// </summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync(ClaimStore store);

    /// <summary>A dialect over another empty database of the same backend, for a store other than the claims store.</summary>
    protected abstract Task<SqlDialect> NewDatabaseAsync();

    /// <summary>An open transaction holding a write lock, and its connection; disposing rolls it back, which releases the lock.</summary>
    protected sealed class HeldWriteLock(DbConnection connection, DbTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static GroupCommitCounts Counts(ClaimStore store) => store.GroupCommitCounts;

    /// <summary>
    /// With the write lock held from outside, starts one write and waits until the writer loop
    /// has taken it (its queue is empty again): that batch is now stuck on the lock, so every
    /// write started next waits in the queue and, once the lock is released, they form one batch.
    /// </summary>
    private static async Task<Task<Claim>> PlugAsync(ClaimStore store)
    {
        var plug = store.CreateAsync(null, Content("plug"), ClaimStatus.Unverified, "", Editor, default);
        await Eventually.Until(() => Task.FromResult(Counts(store).Queued), queued => queued == 0, "the writer loop to take the plug write");
        return plug;
    }

    private static async Task AssertGapFreeAsync(ClaimStore store, int expected)
    {
        var events = await store.ReadEventsAsync(0, 10_000, default);
        Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), events.Select(e => e.Sequence));
    }

    private static ClaimContent Content(string text, string[]? tags = null, DateTimeOffset? due = null, string? parent = null, string speaker = "the report", string publisher = "Example News", string quote = "") =>
        new(text, speaker, [new Source("https://example.org/news/1", "", publisher, null, quote)], [], due, parent, tags ?? [], "en");

    private static WriteContext Request(string id, string fingerprint) => new("editor", id, fingerprint);

    private static ClaimEdit Edit(string field, ClaimContent values) => new(new HashSet<string> { field }, values);

    [SkippableFact]
    public async Task Rebuilding_the_search_index_from_the_stored_claims_finds_what_the_writes_indexed()
    {
        var store = await NewStoreAsync();
        var titled = new ClaimContent("US troops are to leave Iraq.", "the report",
            [new Source("https://example.org/news/1", "Pentagon confirms drawdown", "Example News", null, "numbers peaked during the surge"),
             new Source("https://example.org/news/2", "Élysée welcomes plan", "Other News", null, "")], [], null, null, [], "en");
        await store.CreateAsync("titled", titled, ClaimStatus.Unverified, "", Editor, default);
        await store.CreateAsync("plain", Content("Turkey started air strikes in northern Iraq."), ClaimStatus.Unverified, "", Editor, default);
        string[] queries = ["drawdown", "peaked surge", "elysee", "iraq", "report", "strikes"];
        async Task<string> Found()
        {
            var found = new List<string>();
            foreach (var query in queries)
            {
                var page = await store.ListAsync(new ClaimFilter([], null, null, null, null, null, null, query, null), ClaimOrder.Oldest, null, 10, default);
                var ranked = await store.MatchWordsAsync([.. query.Split(' ')], [], null, 10, default);
                found.Add($"{query}: {string.Join(",", page.Claims.Select(c => c.Id))} / {string.Join(",", ranked.Select(m => $"{m.Id} {m.Score:F6}"))}");
            }

            return string.Join("\n", found);
        }

        var written = await Found();
        await store.RebuildSearchIndexAsync(default);

        Assert.Contains("drawdown: titled / titled", written);
        Assert.Equal(written, await Found());
    }

    [SkippableFact]
    public async Task Create_then_get_returns_the_same_claim_and_one_created_event()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("agreement", Content("US and Iraqi diplomats reached an agreement."), ClaimStatus.Pending, "awaiting Washington and Baghdad", Editor, default);

        var fetched = await store.GetAsync("agreement", default);

        Assert.Equal(StoredJson.Write(created), StoredJson.Write(fetched));
        Assert.Equal(1, fetched.Revision);
        var events = await store.ReadEventsAsync(0, 10, default);
        Assert.Equal(ClaimEventType.Created, Assert.Single(events).Type);
        Assert.Equal(1, events[0].Sequence);
    }

    [SkippableFact]
    public async Task A_claim_read_before_another_process_changed_it_is_read_as_changed()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        await store.CreateAsync("agreement", Content("US and Iraqi diplomats reached an agreement."), ClaimStatus.Unverified, "", Editor, default);
        var before = await store.GetAsync("agreement", default);

        // The other store (a replica, or a process on the same file) changes it twice, then this one reads and writes it.
        var changed = await other.ChangeStatusAsync("agreement", before.Etag, new StatusChange(ClaimStatus.Pending, "awaiting Baghdad", "", []), Editor, default);
        Assert.Equal(StoredJson.Write(changed), StoredJson.Write(await store.GetAsync("agreement", default)));
        var again = await other.ChangeStatusAsync("agreement", changed.Etag, new StatusChange(ClaimStatus.Confirmed, "", "confirmed", []), Editor, default);
        Assert.Equal(StoredJson.Write(again), StoredJson.Write(await store.GetAsync("agreement", default)));
        var mine = await store.ChangeStatusAsync("agreement", again.Etag, new StatusChange(ClaimStatus.Disputed, "", "new report", []), Editor, default);

        Assert.Equal(ClaimStatus.Confirmed, Assert.Single(await store.ListHistoryAsync("agreement", 3, 10, default)).PreviousStatus);
        Assert.Equal(StoredJson.Write(mine), StoredJson.Write(await other.GetAsync("agreement", default)));
        Assert.Equal(4, mine.Revision);
    }

    [SkippableFact]
    public async Task Missing_claims_and_taken_ids_are_refused()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("agreement", Content("a"), ClaimStatus.Unverified, "", Editor, default);

        await Refused.ByAsync("CLAIM_NOT_FOUND", () => store.GetAsync("missing", default));
        await Refused.ByAsync("CLAIM_ALREADY_EXISTS", () => store.CreateAsync("agreement", Content("b"), ClaimStatus.Unverified, "", Editor, default));
        await Refused.ByAsync("CLAIM_NOT_FOUND", () => store.ListHistoryAsync("missing", 0, 10, default));
        var parentless = await Refused.ByAsync("INVALID_ARGUMENT", () => store.CreateAsync(null, Content("c", parent: "missing"), ClaimStatus.Unverified, "", Editor, default));
        Assert.Equal(ClaimFields.Parent, Assert.Single(parentless.Violations).Field);
        Assert.Single(await store.ReadEventsAsync(0, 10, default));
    }

    [SkippableFact]
    public async Task A_request_id_applies_once_and_refuses_a_different_request()
    {
        var store = await NewStoreAsync();
        var first = await store.CreateAsync(null, Content("a"), ClaimStatus.Unverified, "", Request("r1", "fp-a"), default);
        var again = await store.CreateAsync(null, Content("a"), ClaimStatus.Unverified, "", Request("r1", "fp-a"), default);
        Assert.Equal(first.Id, again.Id);
        await Refused.ByAsync("REQUEST_ID_REUSED", () => store.CreateAsync(null, Content("b"), ClaimStatus.Unverified, "", Request("r1", "fp-b"), default));

        var change = new StatusChange(ClaimStatus.Confirmed, "", "confirmed", []);
        await store.ChangeStatusAsync(first.Id, first.Etag, change, Request("s1", "fp-s"), default);
        var repeated = await store.ChangeStatusAsync(first.Id, first.Etag, change, Request("s1", "fp-s"), default);
        Assert.Equal(ClaimStatus.Confirmed, repeated.Status);
        Assert.Equal(2, (await store.ListHistoryAsync(first.Id, 0, 10, default)).Count);
    }

    [SkippableFact]
    public async Task Two_callers_using_one_request_id_get_results_of_their_own()
    {
        var store = await NewStoreAsync();

        var editors = await store.CreateAsync(null, Content("a"), ClaimStatus.Unverified, "", new WriteContext("editor", "r1", "fp-a"), default);
        var importers = await store.CreateAsync(null, Content("b"), ClaimStatus.Unverified, "", new WriteContext("importer", "r1", "fp-b"), default);

        Assert.NotEqual(editors.Id, importers.Id);
        Assert.Equal(editors.Id, (await store.CreateAsync(null, Content("a"), ClaimStatus.Unverified, "", new WriteContext("editor", "r1", "fp-a"), default)).Id);
        Assert.Equal(2, (await store.ListAsync(new([]), ClaimOrder.Newest, null, 10, default)).Claims.Count);
    }

    [SkippableFact]
    public async Task Parents_are_read_along_their_chain_in_the_write()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("top", Content("top"), ClaimStatus.Unverified, "", Editor, default);
        await store.CreateAsync("middle", Content("middle", parent: "top"), ClaimStatus.Unverified, "", Editor, default);
        var bottom = await store.CreateAsync("bottom", Content("bottom", parent: "middle"), ClaimStatus.Unverified, "", Editor, default);
        Assert.Equal("middle", bottom.Content.ParentId);

        var top = await store.GetAsync("top", default);
        var cycle = await Refused.ByAsync("INVALID_ARGUMENT", () => store.UpdateContentAsync("top", null, Edit("parent", top.Content with { ParentId = "bottom" }), Editor, default));
        Assert.Contains("cannot depend on itself", Assert.Single(cycle.Violations).Description, StringComparison.Ordinal);
        Assert.Null((await store.GetAsync("top", default)).Content.ParentId);
    }

    [SkippableFact]
    public async Task Each_operation_is_a_span_naming_the_database()
    {
        var store = await NewStoreAsync();
        var spans = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var claim = await store.CreateAsync(null, Content("traced"), ClaimStatus.Unverified, "", Editor, default);
        await store.GetAsync(claim.Id, default);

        // Other tests may run meanwhile: look for this backend's spans among whatever was recorded.
        var mine = spans.Where(s => (string?)s.GetTagItem("db.system") == DatabaseSystem).Select(s => s.OperationName).ToList();
        Assert.Contains("claims.create", mine);
        Assert.Contains("claims.get", mine);
    }

    [SkippableFact]
    public async Task Writes_check_the_etag_and_the_transition_table()
    {
        var store = await NewStoreAsync();
        var claim = await store.CreateAsync(null, Content("a", tags: ["old"]), ClaimStatus.Unverified, "", Editor, default);
        var edited = await store.UpdateContentAsync(claim.Id, claim.Etag, Edit("tags", claim.Content with { Tags = ["new"] }), Editor, default);
        Assert.Equal(2, edited.Revision);

        await Refused.ByAsync("ETAG_MISMATCH", () => store.UpdateContentAsync(claim.Id, claim.Etag, Edit("text", claim.Content with { Text = "lost" }), Editor, default));
        await Refused.ByAsync("ETAG_MISMATCH", () => store.ChangeStatusAsync(claim.Id, claim.Etag, new(ClaimStatus.Confirmed, "", "r", []), Editor, default));
        await store.ChangeStatusAsync(claim.Id, edited.Etag, new(ClaimStatus.Retracted, "", "withdrawn", []), Editor, default);
        var refused = await Refused.ByAsync("TRANSITION_NOT_ALLOWED", () => store.ChangeStatusAsync(claim.Id, null, new(ClaimStatus.Confirmed, "", "r", []), Editor, default));
        Assert.Equal(("CLAIM_STATUS_RETRACTED", "CLAIM_STATUS_CONFIRMED"), (refused.Metadata["from"], refused.Metadata["to"]));

        // The side tables follow the edit: the old tag no longer finds it.
        Assert.Empty((await store.ListAsync(new([], Tag: "old"), ClaimOrder.Newest, null, 10, default)).Claims);
        Assert.Single((await store.ListAsync(new([], Tag: "NEW"), ClaimOrder.Newest, null, 10, default)).Claims);
    }

    [SkippableFact]
    public async Task Filters_full_text_and_orders_select_the_same_claims_on_every_backend()
    {
        var store = await NewStoreAsync();
        var agreement = await store.CreateAsync("agreement", Content("US and Iraqi diplomats reached an agreement on withdrawal.", ["agreement"], speaker: "an unnamed US official", quote: "only the timing is left"), ClaimStatus.Pending, "", Editor, default);
        await store.CreateAsync("first", Content("Several hundred soldiers leave in September 2025.", ["withdrawal"], new DateTimeOffset(2025, 9, 30, 0, 0, 0, TimeSpan.Zero), "agreement", "the agreement"), ClaimStatus.Unverified, "", Editor, default);
        await store.CreateAsync("last", Content("The last personnel leave by the end of 2026.", ["withdrawal"], new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), "agreement", "the agreement"), ClaimStatus.Unverified, "", Editor, default);
        await store.CreateAsync("attacks", Content("Militias attacked US forces at least 70 times.", ["militias"], publisher: "Other Wire"), ClaimStatus.Unverified, "", Editor, default);

        async Task<string[]> Ids(ClaimFilter filter, ClaimOrder order = ClaimOrder.Oldest) =>
            (await store.ListAsync(filter, order, null, 50, default)).Claims.Select(c => c.Id).ToArray();

        Assert.Equal(["agreement"], await Ids(new([ClaimStatus.Pending])));
        Assert.Equal(["first", "last"], await Ids(new([], Speaker: "The Agreement")));
        Assert.Equal(["first", "last"], await Ids(new([], Tag: "withdrawal")));
        Assert.Equal(["attacks"], await Ids(new([], SourcePublisher: "other wire")));
        Assert.Equal(["agreement", "first", "last", "attacks"], await Ids(new([], SourceUrl: "https://example.org/news/1")));
        Assert.Equal(["first"], await Ids(new([], DueBefore: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        Assert.Equal(["last"], await Ids(new([], DueAfter: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        Assert.Equal(["first", "last"], await Ids(new([], ParentId: agreement.Id)));
        Assert.Equal(["attacks"], await Ids(new([], Query: "militias attacked")));
        Assert.Equal(["agreement"], await Ids(new([], Query: "timing unnamed")));
        Assert.Equal(["agreement"], await Ids(new([], Query: "withdr* diplomats")));
        Assert.Empty(await Ids(new([], Query: "militias diplomats")));
        Assert.Empty(await Ids(new([], Query: "' & | ! ( ) : * \" NEAR")));
        Assert.Equal(["attacks", "last", "first", "agreement"], await Ids(new([]), ClaimOrder.Newest));
        Assert.Equal(["first", "last", "agreement", "attacks"], await Ids(new([]), ClaimOrder.DueSoonest));

        // Accents are folded the same way on every backend.
        await store.CreateAsync("accented", Content("Talks resumed at a café in Erbil, said the Kurdish premier's office."), ClaimStatus.Unverified, "", Editor, default);
        Assert.Equal(["accented"], await Ids(new([], Query: "cafe erbil")));
        Assert.Equal(["accented"], await Ids(new([], Query: "café")));
    }

    [SkippableFact]
    public async Task Keyset_pages_lose_and_repeat_nothing_while_claims_are_added()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 30; i++)
        {
            await store.CreateAsync(null, Content($"claim {i}", due: i % 2 == 0 ? new DateTimeOffset(2026, 1, 1 + (i % 5), 0, 0, 0, TimeSpan.Zero) : null), ClaimStatus.Unverified, "", Editor, default);
        }

        foreach (var order in Enum.GetValues<ClaimOrder>())
        {
            var seen = new List<string>();
            ListPosition? after = null;
            do
            {
                var page = await store.ListAsync(new([]), order, after, 4, default);
                seen.AddRange(page.Claims.Select(c => c.Id));
                after = page.Next;
                await store.CreateAsync(null, Content("added meanwhile", due: new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero)), ClaimStatus.Unverified, "", Editor, default);
            }
            while (after is not null);

            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.True(seen.Count >= 30, $"{order}: saw {seen.Count} claims");
        }
    }

    [SkippableFact]
    public async Task Full_text_pages_keep_every_order_keyset_and_filter_of_the_plain_listing()
    {
        var store = await NewStoreAsync();
        var matching = new HashSet<string>();
        for (var i = 0; i < 24; i++)
        {
            // Every claim mentions the withdrawal, one in three its timetable; some are due, some pending.
            var id = $"c{i:D2}";
            var timetable = i % 3 == 0;
            if (timetable)
            {
                matching.Add(id);
            }

            await store.CreateAsync(id, Content(timetable ? $"The withdrawal timetable, part {i}." : $"The withdrawal plan, part {i}.", due: i % 4 == 0 ? new DateTimeOffset(2026, 1, 1 + (i % 3), 0, 0, 0, TimeSpan.Zero) : null),
                i % 2 == 1 ? ClaimStatus.Pending : ClaimStatus.Unverified, "", Editor, default);
        }

        async Task<List<string>> AllPages(ClaimFilter filter, ClaimOrder order, int pageSize)
        {
            var seen = new List<string>();
            ListPosition? after = null;
            do
            {
                var page = await store.ListAsync(filter, order, after, pageSize, default);
                seen.AddRange(page.Claims.Select(c => c.Id));
                after = page.Next;
            }
            while (after is not null);
            return seen;
        }

        foreach (var order in Enum.GetValues<ClaimOrder>())
        {
            foreach (var filter in new ClaimFilter[] { new([]), new([ClaimStatus.Unverified]), new([], DueBefore: new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero)) })
            {
                var expected = (await AllPages(filter, order, 50)).Where(matching.Contains).ToList();
                Assert.NotEmpty(expected);
                Assert.Equal(expected, await AllPages(filter with { Query = "withdrawal timetable" }, order, 2));
                Assert.Equal(expected, await AllPages(filter with { Query = "timet*" }, order, 50));
            }
        }
    }

    [SkippableFact]
    public async Task Concurrent_writers_produce_a_gap_free_sequence_that_readers_never_see_out_of_order()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        var claim = await store.CreateAsync(null, Content("a"), ClaimStatus.Unverified, "", Editor, default);
        using var stop = new CancellationTokenSource();

        // A reader follows the sequence as it grows and checks every step is exactly +1.
        var reader = Task.Run(async () =>
        {
            long cursor = 0;
            var steps = 0;
            while (!stop.IsCancellationRequested || steps == 0)
            {
                foreach (var e in await store.ReadEventsAsync(cursor, 100, default))
                {
                    Assert.Equal(cursor + 1, e.Sequence);
                    cursor = e.Sequence;
                    steps++;
                }
            }

            return cursor;
        });

        var writers = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? store : other).CreateAsync(null, Content($"w{i}"), ClaimStatus.Unverified, "", Editor, default))
            .Concat(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? other : store).ChangeStatusAsync(claim.Id, null, new(i % 2 == 0 ? ClaimStatus.Disputed : ClaimStatus.Pending, "", $"s{i}", []), Editor, default)));
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await reader;

        var all = await store.ReadEventsAsync(0, 1000, default);
        Assert.Equal(Enumerable.Range(1, 61).Select(i => (long)i), all.Select(e => e.Sequence));
    }

    [SkippableFact]
    public async Task Concurrent_status_changes_with_one_etag_let_exactly_one_win()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);
        var claim = await store.CreateAsync(null, Content("a"), ClaimStatus.Pending, "", Editor, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await (i % 2 == 0 ? store : other).ChangeStatusAsync(claim.Id, claim.Etag, new(ClaimStatus.Confirmed, $"{i}", "r", []), Editor, default);
                return true;
            }
            catch (RefusalException e) when (e.Reason == "ETAG_MISMATCH")
            {
                return false;
            }
        }));

        Assert.Equal(1, results.Count(won => won));
    }

    [SkippableFact]
    public async Task Concurrent_creates_with_one_request_id_make_one_claim()
    {
        var store = await NewStoreAsync();
        var other = await SameDatabaseAsync(store);

        var created = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? store : other).CreateAsync(null, Content("a"), ClaimStatus.Unverified, "", Request("same", "fp"), default)));

        Assert.Single(created.Select(c => c.Id).Distinct());
        Assert.Single((await store.ListAsync(new([]), ClaimOrder.Newest, null, 50, default)).Claims);
    }

    [SkippableFact]
    public async Task Migrating_again_or_from_two_processes_at_once_is_harmless()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("kept", Content("a"), ClaimStatus.Unverified, "", Editor, default);
        var other = await SameDatabaseAsync(store);

        await Task.WhenAll(store.MigrateAsync(default), other.MigrateAsync(default), store.MigrateAsync(default));

        Assert.Equal("kept", (await other.GetAsync("kept", default)).Id);
        await store.PingAsync(default);
    }

    [SkippableFact]
    public async Task Many_concurrent_creates_share_commits_and_number_their_events_without_gaps()
    {
        var store = await NewStoreAsync();
        var before = Counts(store);
        var started = 0;
        var created = new ConcurrentBag<Claim>();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref started); i <= 200; i = Interlocked.Increment(ref started))
            {
                created.Add(await store.CreateAsync(null, Content($"load {i}"), ClaimStatus.Unverified, "", Request($"load-{i}", $"fp-{i}"), default));
            }
        })));

        Assert.Equal(200, created.Select(c => c.Id).Distinct().Count());
        await AssertGapFreeAsync(store, 200);
        var events = await store.ReadEventsAsync(0, 1000, default);
        Assert.Equal(created.Select(c => c.Id).Order(), events.Select(e => e.Claim.Id).Order());
        Assert.All(events, e => Assert.Equal(ClaimEventType.Created, e.Type));

        // Without group commit every write would commit alone: 200 commits.
        var after = Counts(store);
        Assert.Equal(200, after.Writes - before.Writes);
        Assert.True(after.Commits - before.Commits < 200, $"200 writes took {after.Commits - before.Commits} commits");
    }

    [SkippableFact]
    public async Task A_refused_write_in_a_batch_leaves_nothing_and_its_neighbours_commit()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("retracted", Content("withdrawn claim"), ClaimStatus.Unverified, "", Editor, default);
        await store.ChangeStatusAsync("retracted", null, new(ClaimStatus.Retracted, "", "withdrawn", []), Editor, default);
        var edited = await store.CreateAsync("edited", Content("to be edited", tags: ["kept"]), ClaimStatus.Unverified, "", Editor, default);
        var taken = await store.CreateAsync(null, Content("first use of a request id"), ClaimStatus.Unverified, "", Request("taken", "fp-first"), default);
        var before = Counts(store);

        Task<Claim> plug, first, edit, stale, transition, existing, reused, orphan, last;
        await using (await HoldWriteLockAsync(store))
        {
            plug = await PlugAsync(store);
            first = store.CreateAsync("first-neighbour", Content("first neighbour"), ClaimStatus.Unverified, "", Editor, default);
            edit = store.UpdateContentAsync("edited", edited.Etag, Edit("text", edited.Content with { Text = "edited in the batch" }), Editor, default);
            // The same etag again: stale only because of the write just before it in this batch.
            stale = store.UpdateContentAsync("edited", edited.Etag, Edit("tags", edited.Content with { Tags = ["lost"] }), Request("stale", "fp-stale"), default);
            transition = store.ChangeStatusAsync("retracted", null, new(ClaimStatus.Confirmed, "", "too late", []), Request("transition", "fp-transition"), default);
            existing = store.CreateAsync("edited", Content("same id"), ClaimStatus.Unverified, "", Request("existing", "fp-existing"), default);
            reused = store.CreateAsync(null, Content("another request"), ClaimStatus.Unverified, "", Request("taken", "fp-other"), default);
            orphan = store.CreateAsync("orphan", Content("no such parent", parent: "missing"), ClaimStatus.Unverified, "", Request("orphan", "fp-orphan"), default);
            last = store.CreateAsync("last-neighbour", Content("last neighbour"), ClaimStatus.Unverified, "", Editor, default);
            Assert.Equal(8, Counts(store).Queued);
        }

        await plug;
        Assert.Equal("first-neighbour", (await first).Id);
        Assert.Equal("edited in the batch", (await edit).Content.Text);
        Assert.Equal("last-neighbour", (await last).Id);
        await Refused.ByAsync("ETAG_MISMATCH", () => stale);
        await Refused.ByAsync("TRANSITION_NOT_ALLOWED", () => transition);
        await Refused.ByAsync("CLAIM_ALREADY_EXISTS", () => existing);
        await Refused.ByAsync("REQUEST_ID_REUSED", () => reused);
        await Refused.ByAsync("INVALID_ARGUMENT", () => orphan);

        // Two commits: the plug's, then one for the eight writes queued behind it.
        var after = Counts(store);
        Assert.Equal((2, 4), (after.Commits - before.Commits, after.Writes - before.Writes));

        // No event of a refused write: 4 before, plug, first, edit, last.
        await AssertGapFreeAsync(store, 8);
        var edits = await store.ListHistoryAsync("edited", 0, 10, default);
        Assert.Equal([ClaimEventType.Created, ClaimEventType.Updated], edits.Select(e => e.Type));
        var now = await store.GetAsync("edited", default);
        Assert.Equal(("edited in the batch", 2L), (now.Content.Text, now.Revision));
        Assert.Equal(["kept"], now.Content.Tags);
        Assert.Equal(ClaimStatus.Retracted, (await store.GetAsync("retracted", default)).Status);
        await Refused.ByAsync("CLAIM_NOT_FOUND", () => store.GetAsync("orphan", default));

        // No request row either: each refused write's request id is still free for a different
        // request, and the reused one still answers with its first result.
        Assert.Equal(taken.Id, (await store.CreateAsync(null, Content("first use of a request id"), ClaimStatus.Unverified, "", Request("taken", "fp-first"), default)).Id);
        await store.UpdateContentAsync("edited", null, Edit("tags", now.Content with { Tags = ["later"] }), Request("stale", "fp-later"), default);
        await store.ChangeStatusAsync("edited", null, new(ClaimStatus.Disputed, "", "later", []), Request("transition", "fp-later"), default);
        await store.CreateAsync("existing-later", Content("later"), ClaimStatus.Unverified, "", Request("existing", "fp-later"), default);
        await store.CreateAsync("orphan", Content("parented later", parent: "edited"), ClaimStatus.Unverified, "", Request("orphan", "fp-later"), default);
        await AssertGapFreeAsync(store, 12);
    }

    [SkippableFact]
    public async Task A_request_id_repeated_inside_one_batch_returns_the_first_result()
    {
        var store = await NewStoreAsync();
        Task<Claim> plug;
        var writes = new List<(bool Repeat, Task<Claim> Write)>();
        await using (await HoldWriteLockAsync(store))
        {
            plug = await PlugAsync(store);
            for (var i = 0; i < 30; i++)
            {
                var repeat = i % 6 == 1;
                writes.Add((repeat, repeat
                    ? store.CreateAsync(null, Content("repeated"), ClaimStatus.Unverified, "", Request("repeated", "fp-repeated"), default)
                    : store.CreateAsync(null, Content($"distinct {i}"), ClaimStatus.Unverified, "", Request($"distinct-{i}", $"fp-{i}"), default)));
            }
        }

        await plug;
        var repeats = await Task.WhenAll(writes.Where(w => w.Repeat).Select(w => w.Write));
        var distinct = await Task.WhenAll(writes.Where(w => !w.Repeat).Select(w => w.Write));
        Assert.Equal(5, repeats.Length);
        Assert.Single(repeats.Select(StoredJson.Write).Distinct());
        Assert.Equal(25, distinct.Select(c => c.Id).Distinct().Count());

        // One claim and one event for the five repeats; 1 + 25 + 1 events in all, gap-free.
        await AssertGapFreeAsync(store, 27);
        var events = await store.ReadEventsAsync(0, 100, default);
        Assert.Equal(repeats[0].Id, Assert.Single(events, e => e.Claim.Content.Text == "repeated").Claim.Id);
        Assert.Equal(repeats[0].Id, (await store.CreateAsync(null, Content("repeated"), ClaimStatus.Unverified, "", Request("repeated", "fp-repeated"), default)).Id);
    }

    [SkippableFact]
    public async Task A_write_cancelled_while_queued_is_skipped_and_its_neighbours_commit()
    {
        var store = await NewStoreAsync();
        using var cancel = new CancellationTokenSource();
        Task<Claim> plug, cancelled, neighbour;
        await using (await HoldWriteLockAsync(store))
        {
            plug = await PlugAsync(store);
            cancelled = store.CreateAsync("cancelled", Content("never written"), ClaimStatus.Unverified, "", Request("cancelled", "fp-cancelled"), cancel.Token);
            neighbour = store.CreateAsync("neighbour", Content("written"), ClaimStatus.Unverified, "", Editor, default);
            await cancel.CancelAsync();

            // The caller hears at once, while its write would still be waiting for the lock.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }

        await plug;
        Assert.Equal("neighbour", (await neighbour).Id);
        await Refused.ByAsync("CLAIM_NOT_FOUND", () => store.GetAsync("cancelled", default));
        await AssertGapFreeAsync(store, 2);
        Assert.Equal(2, Counts(store).Writes);
    }

    [SkippableFact]
    public async Task A_database_error_after_a_write_undoes_that_write_alone_and_its_neighbours_commit()
    {
        using var store = new ConstraintProbeStore(await NewDatabaseAsync());
        await store.MigrateAsync(default);
        await store.WriteAsync("taken", "taken", default);

        // Every third write logs its entry and then hits the taken key; all are queued at once, so they share batches.
        var writes = Enumerable.Range(0, 30).Select(i => (Fails: i % 3 == 0, Write: store.WriteAsync($"entry-{i:D2}", i % 3 == 0 ? "taken" : $"key-{i}", default))).ToList();
        foreach (var (fails, write) in writes)
        {
            if (fails)
            {
                await Assert.ThrowsAnyAsync<DbException>(() => write);
            }
            else
            {
                await write;
            }
        }

        Assert.Equal(["entry-01", "entry-02", "entry-04", "entry-05", "entry-07", "entry-08", "entry-10", "entry-11", "entry-13", "entry-14",
            "entry-16", "entry-17", "entry-19", "entry-20", "entry-22", "entry-23", "entry-25", "entry-26", "entry-28", "entry-29", "taken"], await store.LogAsync(default));
        var counts = store.GroupCommitCounts;
        Assert.Equal(21, counts.Writes);
        Assert.True(counts.Commits < 21, $"31 writes took {counts.Commits} commits");
    }
}
