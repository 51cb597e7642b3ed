using FactCheck.Contracts.V1;

namespace FactCheck.Verification.Tests.Support;

/// <summary>
/// Both services for one test, on the test's own SQLite files: the claims service, the link
/// between them, and the verification service. Either host can be stopped and started again on
/// the same files.
/// </summary>
public sealed class ServicePair : IAsyncDisposable
{
    private readonly TimeProvider? _clock;
    private readonly IDictionary<string, string?>? _settings;

    public ServicePair(TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        _clock = clock;
        _settings = settings;
        Claims = new ClaimsHost(Data);
        Link.Connect(Claims);
        Verification = new VerificationHost(Data, Link, _clock, _settings);
    }

    public TestData Data { get; } = new();

    public ClaimsLink Link { get; } = new();

    public ClaimsHost Claims { get; private set; }

    public VerificationHost Verification { get; private set; }

    /// <summary>A claims client with the newsroom's editor key.</summary>
    public ClaimsService.ClaimsServiceClient ClaimsClient() => Claims.Client();

    /// <summary>A verification client with the desk's verifier key.</summary>
    public VerificationService.VerificationServiceClient Desk() => Verification.Client();

    /// <summary>Shuts the claims service down; calls to it fail as refused connections until <see cref="StartClaims"/>.</summary>
    public async Task StopClaimsAsync()
    {
        Link.Cut();
        await Claims.DisposeAsync();
    }

    public void StartClaims()
    {
        Claims = new ClaimsHost(Data);
        Link.Connect(Claims);
    }

    /// <summary>Shuts the verification service down and starts a new one on the same database.</summary>
    public async Task RestartVerificationAsync()
    {
        await Verification.DisposeAsync();
        Verification = new VerificationHost(Data, Link, _clock, _settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Verification.DisposeAsync();
        await Claims.DisposeAsync();
        Link.Dispose();
        Data.Dispose();
    }
}
