using FactCheck.Domain;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// The largest request message a service reads, from <c>Limits:MaxMessageBytes</c>, beside the
/// domain's <see cref="LimitSettings"/> in the same section. It is a transport limit, so it lives
/// here and not in the pure domain code. A larger message is refused by gRPC itself with
/// RESOURCE_EXHAUSTED before any of the service's code reads it.
/// </summary>
public sealed class MessageLimits
{
    /// <summary>
    /// 1 MiB: more than twice the largest valid request under the default limits (a claim with 20
    /// sources and every text field full of three-byte characters is about 0.35 MB; a test keeps
    /// it under half), and a quarter of gRPC's own 4 MiB default.
    /// </summary>
    public const int DefaultMaxMessageBytes = 1024 * 1024;

    /// <summary>The lowest <see cref="MaxMessageBytes"/> allowed: below it not even a small call would fit.</summary>
    public const int SmallestMaxMessageBytes = 1024;

    /// <summary>The setting's full name, as errors give it.</summary>
    public const string Setting = RequestLimitsExtensions.Section + ":" + nameof(MaxMessageBytes);

    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>What is wrong with these settings, for refusing to start with them.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxMessageBytes < SmallestMaxMessageBytes)
        {
            yield return $"{Setting} must be at least {SmallestMaxMessageBytes} (got {MaxMessageBytes})";
        }
    }
}

/// <summary>
/// How many calls one caller may have open at once, from <c>Limits:MaxConcurrentCallsPerCaller</c>
/// and <c>Limits:MaxWatchersPerCaller</c>, enforced by <see cref="CallerLimitInterceptor"/>. The
/// caller is the API key's name, or the remote address on an open service and for calls that
/// need no key (health, reflection). A watcher is a call whose response is a stream (WatchClaims,
/// the health Watch): it holds its slot for as long as it stays open, so it has its own, smaller
/// limit within the first.
/// </summary>
public sealed class CallerLimits
{
    /// <summary>As many as one HTTP/2 connection carries at once (Kestrel's MaxStreamsPerConnection).</summary>
    public const int DefaultMaxConcurrentCallsPerCaller = 100;

    /// <summary>A dashboard or a verification service needs one or two; 16 leaves room for several of each behind one key.</summary>
    public const int DefaultMaxWatchersPerCaller = 16;

    public int MaxConcurrentCallsPerCaller { get; set; } = DefaultMaxConcurrentCallsPerCaller;

    public int MaxWatchersPerCaller { get; set; } = DefaultMaxWatchersPerCaller;

    /// <summary>What is wrong with these settings, for refusing to start with them.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxConcurrentCallsPerCaller < 1)
        {
            yield return $"{RequestLimitsExtensions.Section}:{nameof(MaxConcurrentCallsPerCaller)} must be at least 1 (got {MaxConcurrentCallsPerCaller})";
        }

        if (MaxWatchersPerCaller < 1)
        {
            yield return $"{RequestLimitsExtensions.Section}:{nameof(MaxWatchersPerCaller)} must be at least 1 (got {MaxWatchersPerCaller})";
        }
        else if (MaxWatchersPerCaller > MaxConcurrentCallsPerCaller)
        {
            yield return $"{RequestLimitsExtensions.Section}:{nameof(MaxWatchersPerCaller)} ({MaxWatchersPerCaller}) must not be larger than {RequestLimitsExtensions.Section}:{nameof(MaxConcurrentCallsPerCaller)} ({MaxConcurrentCallsPerCaller}): a watcher is a call";
        }
    }
}

public static class RequestLimitsExtensions
{
    /// <summary>The configuration section every limit is read from.</summary>
    public const string Section = "Limits";

    /// <summary>
    /// Binds the <c>Limits</c> section to the options <see cref="LimitSettings"/> (for the
    /// validation, which also receives it as a plain singleton), <see cref="MessageLimits"/> (for
    /// gRPC's largest request) and <see cref="CallerLimits"/> (for <see cref="CallerLimitInterceptor"/>),
    /// each checked on start: a limit that makes no sense refuses the start, naming its setting.
    /// </summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddValidatedSettings<LimitSettings>(Section, limits => limits.Problems());
        services.AddValidatedSettings<MessageLimits>(Section, messages => messages.Problems());
        services.AddValidatedSettings<CallerLimits>(Section, callers => callers.Problems());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LimitSettings>>().Value);
        services.AddOptions<GrpcServiceOptions>()
            .Configure<IOptions<MessageLimits>>((grpc, messages) => grpc.MaxReceiveMessageSize = messages.Value.MaxMessageBytes);
        return services;
    }
}
