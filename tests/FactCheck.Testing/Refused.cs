using FactCheck.Domain;

namespace FactCheck.Testing;

/// <summary>Asserts that a call is refused by a domain rule, and by which one (its ErrorInfo reason).</summary>
public static class Refused
{
    public static async Task<RefusalException> ByAsync(string reason, Func<Task> call)
    {
        var refusal = await Xunit.Assert.ThrowsAsync<RefusalException>(call);
        Xunit.Assert.Equal(reason, refusal.Reason);
        return refusal;
    }

    public static RefusalException By(string reason, Action call)
    {
        var refusal = Xunit.Assert.Throws<RefusalException>(call);
        Xunit.Assert.Equal(reason, refusal.Reason);
        return refusal;
    }
}
