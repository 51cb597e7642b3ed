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
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                services.AddSingleton<IClaimStore>(sp => new SqliteClaimStore(
                    connectionString ?? DefaultSqlite, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ClaimEventSignal>()));
                break;
            case "postgres":
                if (string.IsNullOrEmpty(connectionString))
                {
                    throw new InvalidOperationException("Storage:Provider is postgres but ConnectionStrings:Claims is not set (for example 'Host=db;Username=factcheck;Password=...;Database=claims').");
                }

                services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
                services.AddSingleton<IClaimStore, PostgresClaimStore>();
                services.AddHostedService<PostgresEventListener>();
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }

        return services;
    }
}
