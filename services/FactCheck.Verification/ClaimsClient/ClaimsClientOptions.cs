namespace FactCheck.Verification.ClaimsClient;

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

    /// <summary>
    /// A PEM file of the certificate authority that signed the claims service's certificate
    /// (<c>ClaimsService__CaFile</c>), for <c>https://</c> addresses. When set, that CA is trusted
    /// instead of the system's roots, and the certificate must still name the host dialled.
    /// Read and checked at start-up.
    /// </summary>
    public string CaFile { get; set; } = "";

    /// <summary>The deadline of every single call.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of one call on UNAVAILABLE, DEADLINE_EXCEEDED or RESOURCE_EXHAUSTED.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; later ones double it, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the circuit stays open, failing calls at once, after too many failed ones.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(10);
}
