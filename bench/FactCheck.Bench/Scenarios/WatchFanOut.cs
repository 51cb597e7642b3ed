using System.Diagnostics;
using FactCheck.Bench.Load;
using FactCheck.Contracts.V1;
using Grpc.Core;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario 5: 100 WatchClaims subscribers (on two connections, 50 streams each, under Kestrel's
/// 100 streams per connection) while 16 callers create claims as fast as the service takes them.
/// Delivered events per second count every subscriber's copy; write-to-delivery is the
/// subscriber's clock minus the event's time (stamped inside the write transaction, same machine).
/// When the writers are the bottleneck, events/s is 100 × their rate, and the write rate says so.
/// </summary>
public static class WatchFanOut
{
    private const int Subscribers = 100;
    private const int SubscribersPerConnection = 50;
    private const int Writers = 16;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(BenchRun run)
    {
        var events = run.Options.WatchEvents;
        var after = await EventSequence.MarkAsync(run);
        var channels = Enumerable.Range(0, Subscribers / SubscribersPerConnection).Select(_ => run.Claims.Channel()).ToList();
        try
        {
            using var stop = new CancellationTokenSource(Patience);
            var ready = Enumerable.Range(0, Subscribers).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var subscribers = Enumerable.Range(0, Subscribers).Select(i => SubscribeAsync(
                new ClaimsService.ClaimsServiceClient(channels[i / SubscribersPerConnection]), after, events, ready[i], stop.Token)).ToList();

            // The first event each subscriber sees is this marker: once all have it, all are connected and caught up.
            await run.ClaimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = run.NewClaim() }, deadline: BenchRun.Deadline);
            await Task.WhenAll(ready.Select(r => r.Task)).WaitAsync(Patience);

            var writeStart = Stopwatch.GetTimestamp();
            var writes = await ClosedLoop.RunAsync(Writers, events, Patience, async _ =>
                await run.ClaimsClient.CreateClaimAsync(new CreateClaimRequest { Claim = run.NewClaim() }, deadline: BenchRun.Deadline));
            var deliveries = await Task.WhenAll(subscribers);
            var lastDelivery = deliveries.Max(d => d.LastDelivery);
            var seconds = Stopwatch.GetElapsedTime(writeStart, lastDelivery).TotalSeconds;
            var latency = Latencies.Of(deliveries.SelectMany(d => d.Milliseconds));
            var scenario = run.Scenario("watch");
            var how = $"{Subscribers} subscribers × {events} events, {Writers} CreateClaim callers";
            run.Report.Add(scenario, "events delivered/s", Subscribers * (double)events / seconds, "/s", how);
            run.Report.Add(scenario, "write rate during the watch", writes.CallsPerSecond, "calls/s", $"{Writers} callers; delivered/s is at most {Subscribers} × this");
            run.Report.Add(scenario, "write-to-delivery p50", latency.P50, "ms", $"{latency.Count} deliveries");
            run.Report.Add(scenario, "write-to-delivery p99", latency.P99, "ms", $"{latency.Count} deliveries");
        }
        finally
        {
            channels.ForEach(c => c.Dispose());
        }
    }

    private sealed record Delivery(long LastDelivery, List<double> Milliseconds);

    private static async Task<Delivery> SubscribeAsync(ClaimsService.ClaimsServiceClient client, long after, int events, TaskCompletionSource ready, CancellationToken ct)
    {
        using var call = client.WatchClaims(new WatchClaimsRequest { AfterSequence = after }, deadline: DateTime.UtcNow + Patience, cancellationToken: ct);
        var milliseconds = new List<double>(events);
        var sawMarker = false;
        await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
        {
            if (!sawMarker)
            {
                sawMarker = true;
                ready.SetResult();
                continue;
            }

            milliseconds.Add((DateTime.UtcNow - e.Time.ToDateTime()).TotalMilliseconds);
            if (milliseconds.Count == events)
            {
                return new Delivery(Stopwatch.GetTimestamp(), milliseconds);
            }
        }

        throw new InvalidOperationException($"a watch ended after {milliseconds.Count} of {events} events");
    }
}
