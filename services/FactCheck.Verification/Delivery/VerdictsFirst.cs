namespace FactCheck.Verification.Delivery;

/// <summary>
/// Verdicts before bulk work on the same cores: counts the verdicts being recorded and delivered
/// (RecordVerdict, the verdict lane), and the backlog lane waits until none is under way before it
/// starts the next claim, at most <see cref="MostWait"/> so a steady stream of verdicts slows the
/// backlog without stopping it. The lanes alone kept verdicts out of the backlog's queue but not
/// off its CPU: with 100 verdicts a second while 30,000 overdue checks drained (2 cores, 200,000
/// claims, 2026-12-06), the backlog lane delivered about 150 checks a second beside them and the
/// verdicts' watched p99 went from 10 to 51 ms.
/// </summary>
public sealed class VerdictsFirst(TimeProvider clock)
{
    /// <summary>The longest the backlog lane waits for verdicts under way before it starts a claim anyway.</summary>
    public static readonly TimeSpan MostWait = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private int _underWay;
    private TaskCompletionSource _none = Done();

    /// <summary>A verdict is being recorded or delivered until the result is disposed.</summary>
    public Verdict Begin()
    {
        lock (_gate)
        {
            if (_underWay++ == 0)
            {
                _none = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Verdict(this);
    }

    /// <summary>How many verdicts are being recorded or delivered now.</summary>
    public int UnderWay
    {
        get
        {
            lock (_gate)
            {
                return _underWay;
            }
        }
    }

    /// <summary>Returns once no verdict is under way, or after <see cref="MostWait"/>, whichever comes first.</summary>
    public Task YieldAsync(CancellationToken ct)
    {
        Task none;
        lock (_gate)
        {
            none = _none.Task;
        }

        return none.IsCompleted ? Task.CompletedTask : Task.WhenAny(none, Task.Delay(MostWait, clock, ct)).Unwrap();
    }

    private void End()
    {
        lock (_gate)
        {
            if (--_underWay == 0)
            {
                _none.SetResult();
            }
        }
    }

    private static TaskCompletionSource Done()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    /// <summary>One verdict under way; disposing it ends it (once).</summary>
    public sealed class Verdict(VerdictsFirst owner) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End();
            }
        }
    }
}
