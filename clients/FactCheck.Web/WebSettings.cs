using FactCheck.Client;

namespace FactCheck.Web;

/// <summary>
/// The <c>Web</c> configuration section (environment: <c>Web__ClaimsUrl</c>, ...): where the
/// services are, the reader key the pages present, and where the pages are published. Checked
/// at start; a bad value refuses the start naming the setting.
/// </summary>
public sealed class WebSettings
{
    public const string Section = "Web";

    /// <summary>Where the pages listen unless --urls, ASPNETCORE_URLS or FACTCHECK_WEB_URL say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5100";

    /// <summary>The claims service's address.</summary>
    public string ClaimsUrl { get; set; } = ServiceAddresses.DefaultClaimsUrl;

    /// <summary>The verification service's address.</summary>
    public string VerificationUrl { get; set; } = ServiceAddresses.DefaultVerificationUrl;

    /// <summary>A reader key for both services; none when they run open (on loopback, as ./start.sh runs them).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>A file holding the reader key instead (a mounted secret); read once, at start.</summary>
    public string ApiKeyFile { get; set; } = "";

    /// <summary>
    /// The address readers reach the pages at, for the ClaimReview url of each claim
    /// (<c>{PublicBaseUrl}/claims/{id}</c>). Never taken from a request's Host header, which a caller chooses.
    /// </summary>
    public string PublicBaseUrl { get; set; } = DefaultUrl;

    /// <summary>Who publishes the reviews: ClaimReview's author, as `factcheck export --reviewer`.</summary>
    public string Reviewer { get; set; } = "FactCheck";

    /// <summary>The deadline of every call to a service (each try, when a read is retried).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a read that found a service UNAVAILABLE.</summary>
    public int ReadRetries { get; set; } = 2;

    /// <summary>Pages open with live updates at once; more are served without them (a reload still shows a change).</summary>
    public int MaxLiveReaders { get; set; } = 1000;

    /// <summary>Of <see cref="MaxLiveReaders"/>, how many one remote address may hold (a browser's tabs, or readers behind one proxy).</summary>
    public int MaxLiveReadersPerClient { get; set; } = 16;

    /// <summary>How long one live stream lasts before it ends cleanly and the browser reconnects: an abandoned tab gives its slot back.</summary>
    public TimeSpan MaxLiveStreamLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[] { (nameof(ClaimsUrl), ClaimsUrl), (nameof(VerificationUrl), VerificationUrl) })
        {
            if (!IsHttpAddress(value, out _))
            {
                yield return $"{Section}:{name} must be an http:// or https:// address (got '{value}')";
            }
        }

        if (!IsHttpAddress(PublicBaseUrl, out var publicBase) || publicBase.Query.Length > 0 || publicBase.Fragment.Length > 0)
        {
            yield return $"{Section}:{nameof(PublicBaseUrl)} must be an http:// or https:// address without a query (got '{PublicBaseUrl}')";
        }

        if (ApiKey.Length > 0 && ApiKeyFile.Length > 0)
        {
            yield return $"{Section}:{nameof(ApiKey)} and {Section}:{nameof(ApiKeyFile)} are both set: give the reader key one way";
        }
        else if (ApiKeyFile.Length > 0 && KeyFileProblem() is { } problem)
        {
            yield return problem;
        }

        if (ApiKey.Any(char.IsWhiteSpace))
        {
            yield return $"{Section}:{nameof(ApiKey)} must not contain white space";
        }

        if (Reviewer.Trim().Length == 0)
        {
            yield return $"{Section}:{nameof(Reviewer)} must not be empty";
        }

        if (CallTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(CallTimeout)} must be positive (got {CallTimeout})";
        }

        if (ReadRetries < 0)
        {
            yield return $"{Section}:{nameof(ReadRetries)} must not be negative (got {ReadRetries})";
        }

        if (MaxLiveReaders < 0)
        {
            yield return $"{Section}:{nameof(MaxLiveReaders)} must not be negative (got {MaxLiveReaders})";
        }

        if (MaxLiveReadersPerClient < 0)
        {
            yield return $"{Section}:{nameof(MaxLiveReadersPerClient)} must not be negative (got {MaxLiveReadersPerClient})";
        }

        if (MaxLiveStreamLifetime <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(MaxLiveStreamLifetime)} must be positive (got {MaxLiveStreamLifetime})";
        }
    }

    /// <summary>
    /// Pages served off loopback but published at a loopback <see cref="PublicBaseUrl"/> would
    /// give every ClaimReview a url no reader can open: the problem, given where the pages listen; null when there is none.
    /// </summary>
    public string? PublishProblem(IEnumerable<string> listenUrls)
    {
        var exposed = listenUrls.Where(u => !FactCheck.ServiceDefaults.LoopbackAddresses.IsLoopback(u)).ToList();
        return exposed.Count > 0 && FactCheck.ServiceDefaults.LoopbackAddresses.IsLoopback(PublicBaseUrl)
            ? $"{Section}:{nameof(PublicBaseUrl)} is a loopback address ('{PublicBaseUrl}') while the pages listen on {string.Join(", ", exposed)}: set it to the address readers reach the pages at (Web__PublicBaseUrl, FACTCHECK_PUBLIC_URL in docker-compose.yml)"
            : null;
    }

    /// <summary>The reader key to present, from <see cref="ApiKey"/> or <see cref="ApiKeyFile"/>; null for none.</summary>
    public string? Key() =>
        ApiKeyFile.Length > 0 ? File.ReadAllText(ApiKeyFile).Trim() : ApiKey.Length > 0 ? ApiKey : null;

    /// <summary>Where a claim's page is, as ClaimReview's url gives it: <see cref="PublicBaseUrl"/>/claims/ followed by the id.</summary>
    public string ClaimUrlBase() => PublicBaseUrl.TrimEnd('/') + "/claims/";

    private string? KeyFileProblem()
    {
        try
        {
            var key = File.ReadAllText(ApiKeyFile).Trim();
            return key.Length == 0 ? $"{Section}:{nameof(ApiKeyFile)}: '{ApiKeyFile}' is empty"
                : key.Any(char.IsWhiteSpace) ? $"{Section}:{nameof(ApiKeyFile)}: the key in '{ApiKeyFile}' must not contain white space"
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{Section}:{nameof(ApiKeyFile)}: cannot read '{ApiKeyFile}': {e.Message}";
        }
    }

    private static bool IsHttpAddress(string value, out Uri address) =>
        Uri.TryCreate(value, UriKind.Absolute, out address!) && address.Scheme is "http" or "https" && address.Host.Length > 0;
}
