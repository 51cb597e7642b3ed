using FactCheck.Testing;
using FactCheck.Contracts.V1;
using Grpc.Core;

namespace FactCheck.Claims.Tests.Grpc;

public class HistoryAndWatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static async Task<Claim> MoveAsync(ClaimsService.ClaimsServiceClient client, string name, ClaimStatus status, string reason) =>
        await client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = name, Status = status, Reason = reason });

    private static async Task<List<ClaimEvent>> TakeAsync(IAsyncStreamReader<ClaimEvent> stream, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var events = new List<ClaimEvent>();
        while (events.Count < count && await stream.MoveNext(timeout.Token))
        {
            events.Add(stream.Current);
        }

        Assert.Equal(count, events.Count);
        return events;
    }

    [Fact]
    public async Task History_lists_every_event_of_one_claim_oldest_first_across_pages()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var claim = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var other = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("surge-peak") });
        var statuses = new[] { ClaimStatus.Pending, ClaimStatus.Disputed, ClaimStatus.Pending, ClaimStatus.Confirmed, ClaimStatus.Disputed };
        foreach (var status in statuses)
        {
            await MoveAsync(client, claim.Name, status, $"now {status}");
            await MoveAsync(client, other.Name, ClaimStatus.Disputed, "noise in another claim");
        }

        var events = new List<ClaimEvent>();
        var token = "";
        do
        {
            var page = await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = claim.Name, PageSize = 2, PageToken = token });
            events.AddRange(page.Events);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(6, events.Count);
        Assert.All(events, e => Assert.Equal(claim.Name, e.Claim.Name));
        Assert.Equal(events.OrderBy(e => e.Sequence).Select(e => e.Sequence), events.Select(e => e.Sequence));
        Assert.Equal(statuses, events.Skip(1).Select(e => e.Claim.Status));
        Assert.Equal(statuses.Prepend(ClaimStatus.Pending).SkipLast(1), events.Skip(1).Select(e => e.PreviousStatus));
    }

    [Fact]
    public async Task History_of_a_missing_claim_is_not_found()
    {
        using var server = ClaimsHost.Open();
        await RpcAssert.FailsWith(StatusCode.NotFound, () => server.Client().ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = "claims/missing" }).ResponseAsync);
    }

    [Fact]
    public async Task History_page_token_belongs_to_its_claim()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var a = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var b = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("surge-peak") });
        await MoveAsync(client, a.Name, ClaimStatus.Confirmed, "confirmed");
        var page = await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = a.Name, PageSize = 1 });

        var violations = await RpcAssert.InvalidFields(() => client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = b.Name, PageToken = page.NextPageToken }).ResponseAsync);
        Assert.Contains("page_token", violations.Keys);
    }

    [Fact]
    public async Task Watch_sends_stored_events_then_live_ones_in_one_gap_free_sequence()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var agreement = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("surge-peak") });

        using var call = client.WatchClaims(new WatchClaimsRequest());
        var stored = await TakeAsync(call.ResponseStream, 2);
        await MoveAsync(client, agreement.Name, ClaimStatus.Confirmed, "both go-aheads given");
        var live = await TakeAsync(call.ResponseStream, 1);

        Assert.Equal([1L, 2L, 3L], stored.Concat(live).Select(e => e.Sequence));
        Assert.Equal(ClaimEventType.StatusChanged, live[0].Type);
        Assert.Equal(ClaimStatus.Confirmed, live[0].Claim.Status);
        Assert.Equal(ClaimStatus.Pending, live[0].PreviousStatus);
    }

    [Fact]
    public async Task Watch_resumes_after_a_disconnect_without_a_gap()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var claim = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        await MoveAsync(client, claim.Name, ClaimStatus.Disputed, "one");

        long lastSeen;
        using (var first = client.WatchClaims(new WatchClaimsRequest()))
        {
            lastSeen = (await TakeAsync(first.ResponseStream, 2))[^1].Sequence;
        }

        // Written while nobody watches.
        await MoveAsync(client, claim.Name, ClaimStatus.Pending, "two");
        await MoveAsync(client, claim.Name, ClaimStatus.Confirmed, "three");

        using var resumed = client.WatchClaims(new WatchClaimsRequest { AfterSequence = lastSeen });
        var missed = await TakeAsync(resumed.ResponseStream, 2);
        Assert.Equal([lastSeen + 1, lastSeen + 2], missed.Select(e => e.Sequence));
        Assert.Equal(["two", "three"], missed.Select(e => e.Reason));
    }

    [Fact]
    public async Task Watch_filters_by_status_and_tag()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var agreement = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var surge = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("surge-peak") });

        using var confirmedOnly = client.WatchClaims(new WatchClaimsRequest { Statuses = { ClaimStatus.Confirmed } });
        using var historyTag = client.WatchClaims(new WatchClaimsRequest { Tag = "history" });
        await MoveAsync(client, agreement.Name, ClaimStatus.Disputed, "disputed");
        await MoveAsync(client, agreement.Name, ClaimStatus.Confirmed, "confirmed");
        await MoveAsync(client, surge.Name, ClaimStatus.Confirmed, "confirmed");

        var confirmed = await TakeAsync(confirmedOnly.ResponseStream, 2);
        Assert.All(confirmed, e => Assert.Equal(ClaimStatus.Confirmed, e.Claim.Status));
        Assert.Equal([agreement.Name, surge.Name], confirmed.Select(e => e.Claim.Name));

        var tagged = await TakeAsync(historyTag.ResponseStream, 2);
        Assert.All(tagged, e => Assert.Equal(surge.Name, e.Claim.Name));
        Assert.Equal([ClaimEventType.Created, ClaimEventType.StatusChanged], tagged.Select(e => e.Type));
    }

    [Fact]
    public async Task A_watcher_that_reads_nothing_does_not_hold_writers_back()
    {
        // 200 writes at once from one caller: more than Limits:MaxConcurrentCallsPerCaller lets through by default.
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Limits:MaxConcurrentCallsPerCaller"] = "300" });
        var client = server.Client();
        // This watcher never reads: its unread events back up in its own stream, not in the writers' path.
        using var stalled = client.WatchClaims(new WatchClaimsRequest());

        var writes = Task.WhenAll(Enumerable.Range(0, 200).Select(_ => client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("militia-attacks") }).ResponseAsync));
        // A generous bound that only a stalled writer would reach.
        await writes.WaitAsync(TimeSpan.FromSeconds(60));
        using var reader = client.WatchClaims(new WatchClaimsRequest { AfterSequence = 150 });
        Assert.Equal(Enumerable.Range(151, 50).Select(i => (long)i), (await TakeAsync(reader.ResponseStream, 50)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Watch_refuses_a_negative_sequence()
    {
        using var server = ClaimsHost.Open();
        using var call = server.Client().WatchClaims(new WatchClaimsRequest { AfterSequence = -1, Statuses = { (ClaimStatus)50 } });
        var violations = await RpcAssert.InvalidFields(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(["after_sequence", "statuses[0]"], violations.Keys.Order(StringComparer.Ordinal).ToArray());
    }
}
