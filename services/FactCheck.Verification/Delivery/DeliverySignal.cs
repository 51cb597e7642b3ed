using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// Wakes a dispatcher lane when something was queued for it, instead of letting it wait for its
/// next round: a verdict wakes the verdict lane, the sweep and the reconcile pass wake the backlog.
/// </summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _verdicts = new(0, 1);
    private readonly SemaphoreSlim _backlog = new(0, 1);

    public void Dispose()
    {
        _verdicts.Dispose();
        _backlog.Dispose();
    }

    public void Notify(OutboxLane lane)
    {
        var wake = Of(lane);
        lock (wake)
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
    }

    /// <summary>Waits until <paramref name="lane"/> is notified or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(OutboxLane lane, TimeSpan timeout, CancellationToken ct) => Of(lane).WaitAsync(timeout, ct);

    private SemaphoreSlim Of(OutboxLane lane) => lane == OutboxLane.Verdicts ? _verdicts : _backlog;
}
