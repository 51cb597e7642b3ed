using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>Chooses the store from configuration: <c>Storage:Provider</c> = sqlite (default) or postgres.</summary>
public static class ClaimStoreRegistration
{
    public const string DefaultSqlite = "Data Source=data/claims.db";

    public static IServiceCollection AddClaimStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ClaimEventSignal>();
        var storage = services.AddStorageProvider(configuration, "Claims", DefaultSqlite,
            "Host=db;Username=factcheck;Password=...;Database=claims", ClaimStore.Postgres);
        if (storage.IsPostgres)
        {
            // Wakes this replica's watchers for writes made through any other replica.
            services.AddHostedService<PostgresEventListener>();
        }

        services.AddSingleton<IClaimStore>(sp =>
            new ClaimStore(storage.Dialect(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ClaimEventSignal>(),
                sp.GetService<LimitSettings>()));
        return services;
    }
}
