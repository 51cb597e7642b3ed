using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FactCheck.Storage;

/// <summary>The database a service's store runs on, as its configuration chooses it.</summary>
public sealed record StorageChoice(bool IsPostgres, Func<IServiceProvider, SqlDialect> Dialect);

/// <summary>
/// Reads <c>Storage:Provider</c> (sqlite, the default, or postgres) and the service's own
/// connection string, the same way for both services, and registers what the chosen database
/// needs (a pooled NpgsqlDataSource for PostgreSQL).
/// </summary>
public static class StorageProvider
{
    /// <param name="connectionName">The service's entry under ConnectionStrings ("Claims").</param>
    /// <param name="defaultSqlite">The SQLite connection string used when none is configured.</param>
    /// <param name="postgresExample">What a PostgreSQL connection string for this service looks like, for the error when it is missing.</param>
    /// <param name="postgres">The service's PostgreSQL dialect (its own lock keys) over the data source.</param>
    public static StorageChoice AddStorageProvider(
        this IServiceCollection services, IConfiguration configuration, string connectionName, string defaultSqlite,
        string postgresExample, Func<NpgsqlDataSource, PostgresDialect> postgres)
    {
        var provider = configuration["Storage:Provider"] ?? "sqlite";
        var connectionString = configuration.GetConnectionString(connectionName);
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                return new StorageChoice(false, _ => new SqliteDialect(connectionString ?? defaultSqlite));
            case "postgres":
                if (string.IsNullOrEmpty(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Storage:Provider is postgres but ConnectionStrings:{connectionName} is not set (for example '{postgresExample}').");
                }

                services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
                return new StorageChoice(true, sp => postgres(sp.GetRequiredService<NpgsqlDataSource>()));
            default:
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }
    }
}
