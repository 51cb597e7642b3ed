using FactCheck.Claims.Grpc;
using FactCheck.Claims.Watch;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Claims.Tests.Grpc;

/// <summary>
/// Watchers share one feed of the newest events (<see cref="ClaimEventFeed"/>), here kept small
/// (8 events, read 5 at a time) so that tests cross its edges: a watcher resuming from before the
/// window reads the table and then the feed, and every watcher still gets every event once, in
/// sequence order.
/// </summary>
public sealed class WatchFeedTests : IDisposable
{
    private readonly ClaimsHost _host = ClaimsHost.Open();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ClaimsGrpcService> _server;
    private readonly ClaimsService.ClaimsServiceClient _client;

    public WatchFeedTests()
    {
        _server = _host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Configure<WatchOptions>(o => (o.BatchSize, o.FeedCapacity) = (5, 8))));
        _client = new ClaimsService.ClaimsServiceClient(GrpcChannel.ForAddress(_server.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = _server.Server.CreateHandler() }));
    }

    public void Dispose()
    {
        _server.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_watcher_resuming_from_before_the_feed_gets_every_event_once_from_the_table_then_the_feed()
    {
        // 30 events push the first ones out of the feed's window.
        using var live = _client.WatchClaims(new WatchClaimsRequest());
        await CreateAsync(30);
        await TakeAsync(live.ResponseStream, 30);

        using var resumed = _client.WatchClaims(new WatchClaimsRequest { AfterSequence = 3 });
        var stored = await TakeAsync(resumed.ResponseStream, 27);
        await CreateAsync(12);
        var fresh = await TakeAsync(resumed.ResponseStream, 12);

        Assert.Equal(Enumerable.Range(4, 39).Select(i => (long)i), stored.Concat(fresh).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Watchers_started_together_see_concurrent_writes_as_one_gap_free_sequence()
    {
        var watchers = Enumerable.Range(0, 12).Select(_ => _client.WatchClaims(new WatchClaimsRequest())).ToList();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreateAsync(15)));

            foreach (var watcher in watchers)
            {
                var seen = await TakeAsync(watcher.ResponseStream, 90);
                Assert.Equal(Enumerable.Range(1, 90).Select(i => (long)i), seen.Select(e => e.Sequence));
            }
        }
        finally
        {
            watchers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task After_every_watcher_left_a_new_one_still_gets_what_was_written_meanwhile()
    {
        using (var first = _client.WatchClaims(new WatchClaimsRequest()))
        {
            await CreateAsync(3);
            await TakeAsync(first.ResponseStream, 3);
        }

        // Nobody watches; the feed still takes every commit, and these 20 push the first ones out of its window.
        await CreateAsync(20);
        using var next = _client.WatchClaims(new WatchClaimsRequest { AfterSequence = 3 });
        var missed = await TakeAsync(next.ResponseStream, 20);
        await CreateAsync(4);
        var live = await TakeAsync(next.ResponseStream, 4);

        Assert.Equal(Enumerable.Range(4, 24).Select(i => (long)i), missed.Concat(live).Select(e => e.Sequence));
    }

    /// <summary>Creates <paramref name="count"/> claims one after another: one event each.</summary>
    private async Task CreateAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        }
    }

    private static async Task<List<ClaimEvent>> TakeAsync(IAsyncStreamReader<ClaimEvent> stream, int count)
    {
        using var timeout = new CancellationTokenSource(TestTimings.Patience);
        var events = new List<ClaimEvent>();
        while (events.Count < count && await stream.MoveNext(timeout.Token))
        {
            events.Add(stream.Current);
        }

        Assert.Equal(count, events.Count);
        return events;
    }
}
