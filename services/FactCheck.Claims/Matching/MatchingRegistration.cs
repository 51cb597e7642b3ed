using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Matching;

public static class MatchingRegistration
{
    /// <summary>Registers the matching settings and, when matching on meaning, the index, its indexer and the query model.</summary>
    public static IServiceCollection AddClaimMatching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MatchingOptions>().Bind(configuration.GetSection(MatchingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MatchingOptions>, MatchingOptionsValidator>();
        if (configuration.GetSection(MatchingOptions.Section).Get<MatchingOptions>() is { Semantic: false })
        {
            return services;
        }

        services.AddSingleton<SemanticMatching>();
        services.AddSingleton<ClaimIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<ClaimIndexer>());
        return services;
    }
}
