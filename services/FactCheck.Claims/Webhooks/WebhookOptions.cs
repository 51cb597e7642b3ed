using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Webhooks;

/// <summary>
/// How the claims service delivers webhooks, from the configuration section <c>Webhooks</c>
/// (<c>Webhooks__AllowHttp=true</c>). The defaults are for the public internet: https targets
/// with public addresses only.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Deliver webhooks at all. Off, the methods still manage them and changes are still queued; nothing is sent.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Allow http targets (for tests and closed networks): the signature still protects the content, nothing hides it.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow targets on private, loopback, link-local and metadata addresses (for tests and closed networks).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How many webhooks one caller (API key) may have.</summary>
    public int MaxPerCaller { get; set; } = 25;

    /// <summary>How long a delivery is retried before it is marked failed (and its webhook paused).</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one attempt may take, from connecting to the end of the answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The median wait before the first retry; later waits grow exponentially, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many webhooks are delivered to at once; each webhook has one lane, so a slow one holds only its own.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How often the deliverer looks for work when no local commit wakes it (other replicas' commits, retries coming due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where the keys that encrypt the signing secrets are kept (ASP.NET Core Data Protection's key
    /// ring). Empty: beside the SQLite database (its folder's "webhook-keys"). Required on
    /// PostgreSQL, where every replica must read the same keys: a shared, private folder.
    /// </summary>
    public string KeysDirectory { get; set; } = "";
}

/// <summary>Refuses start-up with webhook settings that cannot work, naming the setting.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var problems = new List<string>();
        void Range(string setting, TimeSpan value, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                problems.Add($"{WebhookOptions.Section}:{setting} must be from {min} to {max} (got {value})");
            }
        }

        if (options.MaxPerCaller is < 1 or > 1000)
        {
            problems.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.MaxPerCaller)} must be from 1 to 1000 (got {options.MaxPerCaller})");
        }

        if (options.Concurrency is < 1 or > 256)
        {
            problems.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.Concurrency)} must be from 1 to 256 (got {options.Concurrency})");
        }

        Range(nameof(WebhookOptions.RetryPeriod), options.RetryPeriod, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
        Range(nameof(WebhookOptions.AttemptTimeout), options.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Range(nameof(WebhookOptions.FirstRetryDelay), options.FirstRetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Range(nameof(WebhookOptions.MaxRetryDelay), options.MaxRetryDelay, options.FirstRetryDelay, TimeSpan.FromDays(1));
        Range(nameof(WebhookOptions.PollInterval), options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
