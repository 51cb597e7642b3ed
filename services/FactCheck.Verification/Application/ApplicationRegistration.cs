namespace FactCheck.Verification.Application;

/// <summary>Registers the use cases the gRPC service hands its requests to: recording a verdict, reading a summary and backing the database up.</summary>
public static class ApplicationRegistration
{
    public static IServiceCollection AddVerificationUseCases(this IServiceCollection services)
    {
        services.AddSingleton<VerdictRecorder>();
        services.AddSingleton<SummaryReader>();
        services.AddSingleton<BackupCreator>();
        return services;
    }
}
