namespace FactCheck.Verification.Tests.Support;

/// <summary>Waits for a condition that background work makes true, polling with a generous timeout (not a speed assertion).</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, Func<Task>? eachRound = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        T last;
        while (true)
        {
            if (eachRound is not null)
            {
                await eachRound();
            }

            last = await read();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out after {Patience.TotalSeconds} s waiting for {what}; last seen: {last}");
            }

            await Task.Delay(100);
        }
    }
}
