namespace FactCheck.Claims.Grpc;

/// <summary>How WatchClaims reads the event table: in batches, woken by commits, polling as a fallback for writers in other processes.</summary>
public sealed record WatchOptions(int BatchSize, TimeSpan PollInterval)
{
    public static WatchOptions Default { get; } = new(500, TimeSpan.FromSeconds(1));
}
