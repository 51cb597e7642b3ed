using FactCheck.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FactCheck.Verification.Storage;

/// <summary>Chooses the store from configuration: <c>Storage:Provider</c> = sqlite (default) or postgres.</summary>
public static class VerdictStoreRegistration
{
    public const string DefaultSqlite = "Data Source=data/verification.db";

    public static IServiceCollection AddVerdictStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The example names the verification service's own database: it never shares the claims service's.
        var storage = services.AddStorageProvider(configuration, "Verification", DefaultSqlite,
            "Host=db;Username=factcheck;Password=...;Database=verification", VerdictStore.Postgres);
        services.AddSingleton<IVerdictStore>(sp => new VerdictStore(storage.Dialect(sp), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
