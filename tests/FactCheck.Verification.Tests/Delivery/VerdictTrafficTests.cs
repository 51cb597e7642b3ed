using FactCheck.Verification.Delivery;

namespace FactCheck.Verification.Tests.Delivery;

/// <summary>The backlog lane gives way to verdict work in flight, and never for longer than it is told.</summary>
public sealed class VerdictTrafficTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromHours(1);

    [Fact]
    public void With_no_verdict_in_flight_the_backlog_goes_on_at_once()
    {
        var traffic = new VerdictTraffic();
        using (traffic.Enter())
        {
        }

        Assert.True(traffic.GiveWayAsync(Forever, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_backlog_waits_until_the_last_verdict_in_flight_is_done()
    {
        var traffic = new VerdictTraffic();
        var first = traffic.Enter();
        var second = traffic.Enter();

        var waiting = traffic.GiveWayAsync(Forever, CancellationToken.None);
        first.Dispose();
        first.Dispose();
        Assert.False(waiting.IsCompleted, "a verdict is still in flight, and disposing one entry twice must not count as two");

        second.Dispose();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(traffic.GiveWayAsync(Forever, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_steady_stream_of_verdicts_slows_the_backlog_but_never_stops_it()
    {
        var traffic = new VerdictTraffic();
        using var inFlight = traffic.Enter();

        // Ends by its own bound although the verdict never finishes.
        await traffic.GiveWayAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Shutting_down_ends_the_wait()
    {
        var traffic = new VerdictTraffic();
        using var inFlight = traffic.Enter();
        using var stop = new CancellationTokenSource();

        var waiting = traffic.GiveWayAsync(Forever, stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
