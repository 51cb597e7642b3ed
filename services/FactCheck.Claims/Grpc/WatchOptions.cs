namespace FactCheck.Claims.Grpc;

/// <summary>
/// How WatchClaims reads the event table: in batches, woken by commits, polling as a fallback for
/// writers in other processes; and how many of the newest events the <see cref="ClaimEventFeed"/>
/// keeps for all watchers (about 2 KB each, mapped and as a message).
/// </summary>
public sealed record WatchOptions(int BatchSize, TimeSpan PollInterval, int FeedCapacity = 4096)
{
    public static WatchOptions Default { get; } = new(500, TimeSpan.FromSeconds(1));
}

public static class WatchRegistration
{
    /// <summary>The watch settings and the one feed of recent events all watchers of this process share.</summary>
    public static IServiceCollection AddClaimWatch(this IServiceCollection services, WatchOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ClaimEventFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ClaimEventFeed>());
        return services;
    }
}
