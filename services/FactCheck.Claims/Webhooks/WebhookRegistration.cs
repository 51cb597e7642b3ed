using FactCheck.Claims.Application.Webhooks;
using FactCheck.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Webhooks;

/// <summary>Where the key ring sealing the webhook secrets lives: a folder, or null when the service keeps none (PostgreSQL without Webhooks:KeysDirectory).</summary>
public sealed record WebhookKeyRing(string? Directory);

/// <summary>Registers webhooks: their settings, the key ring that seals their secrets, the HTTP client, the deliverer and the use cases.</summary>
public static class WebhookRegistration
{
    public static IServiceCollection AddClaimWebhooks(this IServiceCollection services, IConfiguration configuration, StorageChoice storage)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();

        var keys = KeysDirectory(configuration, storage);
        services.AddSingleton(new WebhookKeyRing(keys));
        var protection = services.AddDataProtection().SetApplicationName("FactCheck.Claims");
        if (keys is not null)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        services.AddSingleton(sp => new WebhookSecrets(sp.GetRequiredService<IDataProtectionProvider>(), keys is null
            ? $"webhook secrets cannot be kept: on PostgreSQL set {WebhookOptions.Section}:{nameof(WebhookOptions.KeysDirectory)} to a private folder every replica shares (docs/webhooks.md, \"Secrets at rest\")"
            : null));

        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DeliverySchedule>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());

        services.AddSingleton<WebhookFields>();
        services.AddSingleton<WebhookCreator>();
        services.AddSingleton<WebhookEditor>();
        services.AddSingleton<WebhookKeeper>();
        services.AddSingleton<WebhookReader>();
        return services;
    }

    /// <summary>
    /// Where the secrets' key ring lives: the setting when given; on SQLite, else, a folder
    /// "webhook-keys" beside the database file; on PostgreSQL, else, nowhere (null), since each
    /// replica would otherwise make keys of its own that the others cannot read.
    /// </summary>
    private static string? KeysDirectory(IConfiguration configuration, StorageChoice storage)
    {
        var configured = configuration[$"{WebhookOptions.Section}:{nameof(WebhookOptions.KeysDirectory)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (storage.IsPostgres)
        {
            return null;
        }

        var database = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Claims") ?? Storage.ClaimStoreRegistration.DefaultSqlite).DataSource;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database)) ?? ".", "webhook-keys");
    }
}
