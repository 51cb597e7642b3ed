using FactCheck.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace FactCheck.Verification.Storage;

/// <summary>Chooses the store from configuration: <c>Storage:Provider</c> = sqlite (default) or postgres.</summary>
public static class VerdictStoreRegistration
{
    public const string DefaultSqlite = "Data Source=data/verification.db";

    public static IServiceCollection AddVerdictStore(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] ?? "sqlite";
        var connectionString = configuration.GetConnectionString("Verification");
        services.TryAddSingleton(TimeProvider.System);
        Func<IServiceProvider, SqlDialect> dialect;
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                dialect = _ => new SqliteDialect(connectionString ?? DefaultSqlite);
                break;
            case "postgres":
                if (string.IsNullOrEmpty(connectionString))
                {
                    throw new InvalidOperationException(
                        "Storage:Provider is postgres but ConnectionStrings:Verification is not set (for example 'Host=db;Username=factcheck;Password=...;Database=verification'); " +
                        "it must name the verification service's own database, not the claims service's.");
                }

                services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
                dialect = sp => VerdictStore.Postgres(sp.GetRequiredService<NpgsqlDataSource>());
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }

        services.AddSingleton<IVerdictStore>(sp => new VerdictStore(dialect(sp), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
