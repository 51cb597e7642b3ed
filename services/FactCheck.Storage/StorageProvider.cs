using Microsoft.Extensions.Configuration;
using FactCheck.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FactCheck.Storage;

/// <summary>The database a service's store runs on, as its configuration chooses it.</summary>
public sealed record StorageChoice(bool IsPostgres, Func<IServiceProvider, SqlDialect> Dialect);

/// <summary>
/// The storage settings, as options: <c>Storage:Provider</c> (sqlite, the default, or postgres)
/// and the service's own connection string, <c>ConnectionStrings:{name}</c>.
/// </summary>
public sealed class StorageSettings
{
    public const string Section = "Storage";

    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    /// <summary>From <c>ConnectionStrings:{name}</c>, not from the section; null when it is not set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// <c>Storage:SqliteMaxMegabytes</c>: the largest the SQLite file may grow, a quota so that one
    /// service cannot fill a disk it shares; beyond it writes are refused as on a full disk
    /// (RESOURCE_EXHAUSTED) and reads go on. Unset: as large as the disk allows.
    /// </summary>
    public int? SqliteMaxMegabytes { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Reads <c>Storage:Provider</c> and the service's own connection string the same way for both
/// services, as <see cref="StorageSettings"/> checked when the service starts (a wrong one refuses
/// the start, naming the setting), and registers what the chosen database needs (a pooled
/// NpgsqlDataSource for PostgreSQL).
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
        services.AddOptions<StorageSettings>()
            .BindConfiguration(StorageSettings.Section)
            .Configure<IConfiguration>((settings, config) => settings.ConnectionString = config.GetConnectionString(connectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageSettings>>(new StorageSettingsValidator(connectionName, postgresExample));
        services.AddOptions<BackupSettings>().BindConfiguration(BackupSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackupSettings>>(new BackupSettingsValidator());
        services.AddSingleton(sp => new DatabaseBackups(sp.GetRequiredService<IOptions<BackupSettings>>(), sp.GetRequiredService<IOptions<StorageSettings>>(),
            defaultSqlite, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<DatabaseBackups>>()));

        // One place counts this database's failures and follows its outages, for the error path, the health check and the background work.
        var database = $"{connectionName.ToLowerInvariant()} database";
        services.AddSingleton(sp => new DatabaseFaults(database, sp.GetRequiredService<ILogger<DatabaseFaults>>()));
        services.AddSingleton<IDependencyFaults>(sp => sp.GetRequiredService<DatabaseFaults>());

        // What to register depends on the provider, so it is read now too; a provider that is neither is refused on start.
        var isPostgres = string.Equals(configuration[$"{StorageSettings.Section}:{nameof(StorageSettings.Provider)}"], StorageSettings.Postgres, StringComparison.OrdinalIgnoreCase);
        if (!isPostgres)
        {
            return new StorageChoice(false, sp => Followed(sp, new SqliteDialect(Settings(sp).ConnectionString ?? defaultSqlite, Settings(sp).SqliteMaxMegabytes)));
        }

        services.AddSingleton(sp => NpgsqlDataSource.Create(Settings(sp).ConnectionString!));
        return new StorageChoice(true, sp => Followed(sp, postgres(sp.GetRequiredService<NpgsqlDataSource>())));
    }

    private static SqlDialect Followed(IServiceProvider services, SqlDialect dialect)
    {
        dialect.ReportFaultsTo(services.GetRequiredService<DatabaseFaults>());
        return dialect;
    }

    private static StorageSettings Settings(IServiceProvider services) => services.GetRequiredService<IOptions<StorageSettings>>().Value;

    private sealed class BackupSettingsValidator : IValidateOptions<BackupSettings>
    {
        public ValidateOptionsResult Validate(string? name, BackupSettings settings) =>
            BackupSettings.Problems(settings).ToList() is { Count: > 0 } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
    }

    private sealed class StorageSettingsValidator(string connectionName, string postgresExample) : IValidateOptions<StorageSettings>
    {
        public ValidateOptionsResult Validate(string? name, StorageSettings settings)
        {
            if (settings.IsPostgres)
            {
                return string.IsNullOrEmpty(settings.ConnectionString)
                    ? ValidateOptionsResult.Fail($"Storage:Provider is postgres but ConnectionStrings:{connectionName} is not set (for example '{postgresExample}').")
                    : ValidateOptionsResult.Success;
            }

            if (settings.SqliteMaxMegabytes is <= 0)
            {
                return ValidateOptionsResult.Fail($"Storage:SqliteMaxMegabytes is {settings.SqliteMaxMegabytes}: give a number of megabytes above 0, or leave it unset for no limit.");
            }

            return string.Equals(settings.Provider, StorageSettings.Sqlite, StringComparison.OrdinalIgnoreCase)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Storage:Provider must be '{StorageSettings.Sqlite}' or '{StorageSettings.Postgres}', not '{settings.Provider}'.");
        }
    }
}
