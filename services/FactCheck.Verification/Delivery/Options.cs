namespace FactCheck.Verification.Delivery;

/// <summary>The <c>Verification</c> configuration section (environment: <c>Verification__SweepInterval</c>, ...).</summary>
public sealed class VerificationOptions
{
    /// <summary>How long RecordVerdict tries to apply a verdict before answering QUEUED.</summary>
    public TimeSpan ImmediateDeliveryBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the overdue sweep asks the claims service for waiting claims past their due time.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the dispatcher looks for queued deliveries when nothing wakes it sooner.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The <c>ClaimsService</c> configuration section: where the claims service is and how to call it.</summary>
public sealed class ClaimsClientOptions
{
    /// <summary>
    /// The claims service's address (<c>ClaimsService__Url</c>), or several replicas' addresses
    /// separated by <c>;</c> or <c>,</c> to fail over across, tried in the order given.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:5101";

    /// <summary>
    /// The replicas' addresses as a list (<c>ClaimsService__Urls__0</c>, <c>ClaimsService__Urls__1</c>, ...).
    /// When it has entries it is used instead of <see cref="Url"/>.
    /// </summary>
    public IList<string> Urls { get; } = [];

    /// <summary>A verifier key for the claims service (<c>ClaimsService__ApiKey</c>); none for an open claims service.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The deadline of every single call.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of one call on UNAVAILABLE, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; later ones double it, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the circuit stays open, failing calls at once, after too many failed ones.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Reads and checks the claims service's address list.</summary>
public static class ClaimsAddresses
{
    private static readonly char[] Separators = [';', ','];

    /// <summary>The addresses in the order they are tried, and what is wrong with the configuration (empty when nothing is).</summary>
    public static (IReadOnlyList<Uri> Addresses, IReadOnlyList<string> Errors) Parse(ClaimsClientOptions options)
    {
        var entries = (options.Urls.Count > 0 ? options.Urls : [options.Url])
            .SelectMany(u => (u ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        var addresses = new List<Uri>();
        var errors = new List<string>();
        foreach (var entry in entries)
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"'{entry}' is not an absolute http or https URL, such as http://127.0.0.1:5101");
            }
            else if (addresses.Contains(uri))
            {
                errors.Add($"'{entry}' is listed twice");
            }
            else
            {
                addresses.Add(uri);
            }
        }

        if (entries.Count == 0)
        {
            errors.Add("no address is given; set ClaimsService:Url, such as http://127.0.0.1:5101");
        }

        return (addresses, errors);
    }
}
