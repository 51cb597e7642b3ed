using FactCheck.Storage;
using Npgsql;

namespace FactCheck.Claims.Storage;

/// <summary>Chooses the store from configuration: <c>Storage:Provider</c> = sqlite (default) or postgres.</summary>
public static class ClaimStoreRegistration
{
    public const string DefaultSqlite = "Data Source=data/claims.db";

    public static IServiceCollection AddClaimStore(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] ?? "sqlite";
        var connectionString = configuration.GetConnectionString("Claims");
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ClaimEventSignal>();
        Func<IServiceProvider, SqlDialect> dialect;
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                dialect = _ => new SqliteDialect(connectionString ?? DefaultSqlite);
                break;
            case "postgres":
                if (string.IsNullOrEmpty(connectionString))
                {
                    throw new InvalidOperationException("Storage:Provider is postgres but ConnectionStrings:Claims is not set (for example 'Host=db;Username=factcheck;Password=...;Database=claims').");
                }

                services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
                dialect = sp => ClaimStore.Postgres(sp.GetRequiredService<NpgsqlDataSource>());
                services.AddHostedService<PostgresEventListener>();
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }

        services.AddSingleton<IClaimStore>(sp =>
            new ClaimStore(dialect(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ClaimEventSignal>()));
        return services;
    }
}
