using FactCheck.Storage;

namespace FactCheck.Claims.Storage;

/// <summary>Chooses the store from configuration: <c>Storage:Provider</c> = sqlite (default) or postgres.</summary>
public static class ClaimStoreRegistration
{
    public const string DefaultSqlite = "Data Source=data/claims.db";

    /// <summary>Registers the <see cref="ClaimStore"/> and the <see cref="ClaimCommits"/> it hands its committed events to; returns the storage chosen.</summary>
    public static StorageChoice AddClaimStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ClaimCommits>();
        var storage = services.AddStorageProvider(configuration, "Claims", DefaultSqlite,
            "Host=db;Username=factcheck;Password=...;Database=claims", ClaimStore.Postgres);
        services.AddSingleton(sp => new ClaimStore(storage.Dialect(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ClaimCommits>()));
        return storage;
    }
}
