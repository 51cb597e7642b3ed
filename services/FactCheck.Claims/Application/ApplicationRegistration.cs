namespace FactCheck.Claims.Application;

/// <summary>Registers the use cases the gRPC service hands its requests to.</summary>
public static class ApplicationRegistration
{
    public static IServiceCollection AddClaimUseCases(this IServiceCollection services)
    {
        services.AddSingleton<ClaimCreator>();
        services.AddSingleton<ClaimEditor>();
        services.AddSingleton<StatusChanger>();
        services.AddSingleton<ClaimReader>();
        services.AddSingleton<ClaimLister>();
        services.AddSingleton<ClaimFollower>();
        services.AddSingleton<ClaimMatcher>();
        services.AddSingleton<BackupCreator>();
        return services;
    }
}
