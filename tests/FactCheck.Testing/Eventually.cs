namespace FactCheck.Testing;

/// <summary>Waits for a condition that background work makes true, polling within <see cref="TestTimings.Patience"/> (not a speed assertion).</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, Func<Task>? eachRound = null, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + TestTimings.Patience;
        while (true)
        {
            if (eachRound is not null)
            {
                await eachRound();
            }

            var last = await read();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(
                    $"timed out after {TestTimings.Patience.TotalSeconds} s waiting for {what}; last seen: {(describe is null ? last?.ToString() : describe(last))}");
            }

            await Task.Delay(TestTimings.PollInterval);
        }
    }
}
