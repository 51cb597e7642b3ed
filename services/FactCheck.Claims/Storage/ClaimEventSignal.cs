namespace FactCheck.Claims.Storage;

/// <summary>
/// Wakes watchers when an event is committed. Carries no data: watchers read the event table,
/// which stays the source of truth, so a missed wake-up costs latency, never an event.
/// Writers only complete a task here, so a slow watcher can never hold a writer back.
/// </summary>
public sealed class ClaimEventSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>A task that completes at the next <see cref="Notify"/>. Take it before reading, then read, then await.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
