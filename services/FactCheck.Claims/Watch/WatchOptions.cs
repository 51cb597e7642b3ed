using FactCheck.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Watch;

/// <summary>
/// How the watch feed serves followers, from the configuration section <c>Watch</c>
/// (<c>Watch__BatchSize=200</c>): how many events a follower takes at once, how often it looks at
/// the table when nothing wakes it (writes through other replicas on a lost NOTIFY connection), and
/// how many of the newest events the feed keeps in memory for every follower (about 2 KB each).
/// </summary>
public sealed class WatchOptions
{
    public const string Section = "Watch";

    public int BatchSize { get; set; } = 500;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int FeedCapacity { get; set; } = 4096;
}

/// <summary>Refuses start-up with watch settings that cannot work, naming the setting.</summary>
public sealed class WatchOptionsValidator : IValidateOptions<WatchOptions>
{
    public ValidateOptionsResult Validate(string? name, WatchOptions options)
    {
        var problems = new List<string>();
        if (options.BatchSize < 1)
        {
            problems.Add($"{WatchOptions.Section}:{nameof(WatchOptions.BatchSize)} must be at least 1 (got {options.BatchSize})");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{WatchOptions.Section}:{nameof(WatchOptions.PollInterval)} must be longer than zero (got {options.PollInterval})");
        }

        if (options.FeedCapacity < options.BatchSize)
        {
            problems.Add($"{WatchOptions.Section}:{nameof(WatchOptions.FeedCapacity)} ({options.FeedCapacity}) must be at least {WatchOptions.Section}:{nameof(WatchOptions.BatchSize)} ({options.BatchSize})");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

public static class WatchRegistration
{
    /// <summary>
    /// The watch settings (checked at start) and the one feed of committed events every follower of
    /// this process shares; on PostgreSQL, the listener that tells the feed about other replicas' commits.
    /// </summary>
    public static IServiceCollection AddClaimWatch(this IServiceCollection services, IConfiguration configuration, StorageChoice storage)
    {
        services.AddOptions<WatchOptions>().Bind(configuration.GetSection(WatchOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WatchOptions>, WatchOptionsValidator>();
        services.AddSingleton<ClaimEventFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ClaimEventFeed>());
        if (storage.IsPostgres)
        {
            services.AddHostedService<PostgresEventListener>();
        }

        return services;
    }
}
