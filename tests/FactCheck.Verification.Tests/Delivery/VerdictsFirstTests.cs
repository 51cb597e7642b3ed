using FactCheck.Verification.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace FactCheck.Verification.Tests.Delivery;

/// <summary>
/// The backlog lane holds back while verdicts are being recorded or delivered, for at most
/// <see cref="VerdictsFirst.MostWait"/>, on a clock the test moves.
/// </summary>
public class VerdictsFirstTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void The_backlog_goes_on_at_once_when_no_verdict_is_under_way()
    {
        var first = new VerdictsFirst(_clock);

        Assert.True(first.YieldAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_backlog_waits_for_the_verdict_under_way_and_goes_on_when_it_ends()
    {
        var first = new VerdictsFirst(_clock);
        var verdict = first.Begin();

        var backlog = first.YieldAsync(CancellationToken.None);
        Assert.False(backlog.IsCompleted);

        verdict.Dispose();
        await backlog.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, first.UnderWay);
    }

    [Fact]
    public async Task The_backlog_waits_until_the_last_of_several_verdicts_ends()
    {
        var first = new VerdictsFirst(_clock);
        var one = first.Begin();
        var two = first.Begin();
        var backlog = first.YieldAsync(CancellationToken.None);

        one.Dispose();
        Assert.False(backlog.IsCompleted);
        Assert.Equal(1, first.UnderWay);

        two.Dispose();
        await backlog.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_steady_stream_of_verdicts_slows_the_backlog_but_never_stops_it()
    {
        var first = new VerdictsFirst(_clock);
        using var endless = first.Begin();
        var backlog = first.YieldAsync(CancellationToken.None);

        _clock.Advance(VerdictsFirst.MostWait - TimeSpan.FromMilliseconds(1));
        Assert.False(backlog.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await backlog.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, first.UnderWay);
    }

    [Fact]
    public void A_verdict_disposed_twice_ends_once()
    {
        var first = new VerdictsFirst(_clock);
        var other = first.Begin();
        var verdict = first.Begin();

        verdict.Dispose();
        verdict.Dispose();

        Assert.Equal(1, first.UnderWay);
        Assert.False(first.YieldAsync(CancellationToken.None).IsCompleted);
        other.Dispose();
    }

    [Fact]
    public async Task A_stopping_service_stops_the_wait()
    {
        var first = new VerdictsFirst(_clock);
        using var verdict = first.Begin();
        using var stopping = new CancellationTokenSource();
        var backlog = first.YieldAsync(stopping.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backlog.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
