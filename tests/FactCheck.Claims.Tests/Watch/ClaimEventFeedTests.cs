using System.Collections.Concurrent;
using System.Diagnostics;
using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Claims.Watch;
using FactCheck.Storage;
using FactCheck.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Tests.Watch;

/// <summary>
/// The feed of committed events as a seam of its own (what WatchClaims, and later an indexer or a
/// webhook dispatcher, follow): on a real SQLite file, with the group commit handing its events
/// straight to the feed, and a second store on the same file playing another replica.
/// </summary>
public sealed class ClaimEventFeedTests : IDisposable
{
    private static readonly WriteContext Editor = new("editor", "", "");
    private readonly TempFolder _folder = new("factcheck-feed-");
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        _folder.Dispose();
    }

    [Fact]
    public async Task A_follower_gets_this_processs_commits_from_memory_without_reading_the_table()
    {
        // Spans of this test's trace only: the feed's loop and the follower run under its root.
        using var root = new Activity("feed-test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var reads = new ConcurrentBag<string>();
        using var listener = ListenToStoreReads(root.TraceId, reads);
        var (store, feed) = await OpenAsync("memory.db");

        // The feed's loop starts on a thread of its own: once it has caught up, its window holds
        // every commit from here on, so the follower below reads event 1 from memory too, and the
        // only read its joining causes is the feed's own.
        await feed.CaughtUp.WaitAsync(TestTimings.Patience);
        await CreateAsync(store, 1);
        var readsBeforeJoining = reads.Count;

        await using var follower = feed.FollowAsync(0, CancellationToken.None).GetAsyncEnumerator();
        Assert.Equal([1L], await TakeAsync(follower, 1));
        // The first follower wakes the feed for one read of the table (its poll starts again): wait
        // for that read to finish, which on a loaded machine can come after the follower's first
        // event, so that what follows counts only the reads the commits cause.
        await Eventually.Until(() => Task.FromResult(reads.Count), n => n > readsBeforeJoining, "the feed's read when the first follower joins");
        var readsBefore = reads.Count;

        await CreateAsync(store, 20);
        Assert.Equal(Enumerable.Range(2, 20).Select(i => (long)i), await TakeAsync(follower, 20));
        Assert.Equal(readsBefore, reads.Count);
    }

    [Fact]
    public async Task Commits_through_another_replica_fill_the_gap_from_the_table_in_order()
    {
        var (store, feed) = await OpenAsync("replicas.db");
        var other = Track(new ClaimStore(new SqliteDialect(_folder.Sqlite("replicas.db")), TimeProvider.System, new ClaimCommits()));
        await using var follower = feed.FollowAsync(0, CancellationToken.None).GetAsyncEnumerator();

        await CreateAsync(store, 2);
        await CreateAsync(other, 3);
        await CreateAsync(store, 2);

        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), await TakeAsync(follower, 7));
    }

    [Fact]
    public async Task A_follower_joining_an_idle_feed_gets_another_replicas_commits_by_the_poll()
    {
        var (_, feed) = await OpenAsync("idle.db", poll: TimeSpan.FromMilliseconds(200));
        var other = Track(new ClaimStore(new SqliteDialect(_folder.Sqlite("idle.db")), TimeProvider.System, new ClaimCommits()));
        await feed.CaughtUp.WaitAsync(TestTimings.Patience);

        // Nobody followed, so the feed's loop waited without a poll; nothing is committed through this process.
        await using var follower = feed.FollowAsync(0, CancellationToken.None).GetAsyncEnumerator();
        await CreateAsync(other, 3);

        Assert.Equal([1L, 2L, 3L], await TakeAsync(follower, 3));
    }

    [Fact]
    public async Task A_subscriber_that_throws_holds_up_neither_the_writers_nor_the_other_subscribers()
    {
        var commits = new ClaimCommits();
        var seen = new List<long>();
        commits.Subscribe(_ => throw new InvalidOperationException("a broken subscriber"));
        commits.Subscribe(events => seen.AddRange(events.Select(e => e.Sequence)));
        var store = Track(new ClaimStore(new SqliteDialect(_folder.Sqlite("throwing.db")), TimeProvider.System, commits));
        await store.MigrateAsync(default);

        await CreateAsync(store, 2).WaitAsync(TestTimings.Patience);

        Assert.Equal([1L, 2L], seen);
        Assert.Equal(2, (await store.ReadEventsAsync(0, 10, default)).Count);
    }

    [Fact]
    public async Task A_follower_resumes_after_its_cursor_and_a_cancelled_follower_simply_ends()
    {
        var (store, feed) = await OpenAsync("resume.db");
        await CreateAsync(store, 5);

        using var stop = new CancellationTokenSource();
        await using var follower = feed.FollowAsync(3, stop.Token).GetAsyncEnumerator();
        Assert.Equal([4L, 5L], await TakeAsync(follower, 2));

        var next = follower.MoveNextAsync().AsTask();
        await stop.CancelAsync();
        Assert.False(await next.WaitAsync(TestTimings.Patience));
    }

    private async Task<(ClaimStore Store, ClaimEventFeed Feed)> OpenAsync(string file, TimeSpan? poll = null)
    {
        var commits = new ClaimCommits();
        var store = Track(new ClaimStore(new SqliteDialect(_folder.Sqlite(file)), TimeProvider.System, commits));
        await store.MigrateAsync(default);

        // By default a poll an hour apart: a follower that gets its events gets them because something woke it.
        var options = Options.Create(new WatchOptions { BatchSize = 5, FeedCapacity = 64, PollInterval = poll ?? TimeSpan.FromHours(1) });
        var feed = Track(new ClaimEventFeed(store, commits, options, NullLogger<ClaimEventFeed>.Instance));
        await feed.StartAsync(default);
        return (store, feed);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Insert(0, disposable);
        return disposable;
    }

    private static async Task CreateAsync(ClaimStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.CreateAsync(null, SampleContent(), ClaimStatus.Unverified, "", Editor, default);
        }
    }

    private static ClaimContent SampleContent() =>
        new("US and Iraqi diplomats reached an agreement.", "the report", [new Source("https://example.org/a", "", "Example News", null, "")], [], null, null, [], "en");

    /// <summary>The sequence numbers of the next <paramref name="count"/> events, across batches.</summary>
    private static async Task<List<long>> TakeAsync(IAsyncEnumerator<IReadOnlyList<FeedEvent>> follower, int count)
    {
        var seen = new List<long>();
        while (seen.Count < count)
        {
            Assert.True(await follower.MoveNextAsync().AsTask().WaitAsync(TestTimings.Patience));
            seen.AddRange(follower.Current.Select(e => e.Event.Sequence));
        }

        return seen;
    }

    private static ActivityListener ListenToStoreReads(ActivityTraceId trace, ConcurrentBag<string> reads)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // Counted as each read ends: a read that delivered events has ended before they arrive.
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace && activity.OperationName == "claims.read_events")
                {
                    reads.Add(activity.OperationName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
