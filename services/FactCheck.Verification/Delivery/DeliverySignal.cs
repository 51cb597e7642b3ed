namespace FactCheck.Verification.Delivery;

/// <summary>Wakes the dispatcher when something was queued, instead of letting it wait for its next round.</summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Dispose() => _wake.Dispose();

    public void Notify()
    {
        lock (_wake)
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
    }

    /// <summary>Waits until notified or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
