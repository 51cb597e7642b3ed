namespace FactCheck.Verification.Delivery;

/// <summary>
/// Verdict work in flight (RecordVerdict from its claims-service check to its delivery, and the
/// dispatcher's verdict lane), which the backlog lane gives way to before each claim it takes. On
/// a small machine the lanes share the same cores, the same claims service and the same database
/// writer, and a backlog draining as fast as it can makes verdicts wait for CPU behind it. Giving
/// way is bounded, so a steady stream of verdicts slows the backlog but never stops it.
/// </summary>
public sealed class VerdictTraffic
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private TaskCompletionSource _quiet = Quiet();

    /// <summary>Marks verdict work as in flight until the result is disposed.</summary>
    public IDisposable Enter()
    {
        lock (_lock)
        {
            if (_inFlight++ == 0)
            {
                _quiet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Entry(this);
    }

    /// <summary>Waits until no verdict work is in flight, or <paramref name="longest"/> has passed.</summary>
    public async Task GiveWayAsync(TimeSpan longest, CancellationToken ct)
    {
        Task quiet;
        lock (_lock)
        {
            quiet = _quiet.Task;
        }

        if (!quiet.IsCompleted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(quiet, Task.Delay(longest, stop.Token));
            // Ends the delay when the quiet came first; a shutdown is the caller's to see.
            await stop.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_inFlight == 0)
            {
                _quiet.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource Quiet()
    {
        var quiet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        quiet.SetResult();
        return quiet;
    }

    private sealed class Entry(VerdictTraffic traffic) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                traffic.Leave();
            }
        }
    }
}
