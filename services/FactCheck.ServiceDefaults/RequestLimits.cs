using FactCheck.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;
}

public static class RequestLimitsExtensions
{
    /// <summary>The configuration section every limit is read from.</summary>
    public const string Section = "Limits";

    /// <summary>
    /// Reads the <c>Limits</c> section into <see cref="LimitSettings"/> (for the validation) and
    /// <see cref="MessageLimits"/> (for gRPC), refusing to start with a limit that makes no sense.
    /// </summary>
    public static (LimitSettings Limits, MessageLimits Messages) AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var limits = section.Get<LimitSettings>() ?? LimitSettings.Default;
        var messages = section.Get<MessageLimits>() ?? new MessageLimits();
        var problems = limits.Problems().ToList();
        if (messages.MaxMessageBytes < 1024)
        {
            problems.Add($"{Section}:MaxMessageBytes must be at least 1024 (got {messages.MaxMessageBytes})");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid limits: " + string.Join("; ", problems));
        }

        services.AddSingleton(limits);
        services.AddSingleton(messages);
        return (limits, messages);
    }
}
