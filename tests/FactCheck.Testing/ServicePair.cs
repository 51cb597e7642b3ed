using FactCheck.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Testing;

/// <summary>
/// Both real services for one test, on the test's own SQLite files: the claims service, the
/// link between them, and the verification service delivering through it. Either host can be
/// stopped and started again on the same files. <c>verificationServices</c> changes the
/// verification host's services, on every start (see <see cref="VerificationHost"/>).
/// </summary>
public sealed class ServicePair : IAsyncDisposable
{
    private readonly bool _secured;
    private readonly TimeProvider? _clock;
    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly Action<IServiceCollection>? _verificationServices;
    private readonly IReadOnlyDictionary<string, string?>? _claimsSettings;

    /// <param name="claimsSettings">Add to or override the claims host's configuration (as <see cref="ClaimsHost"/>'s settings), on every start.</param>
    public ServicePair(
        bool secured = true, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? verificationServices = null, IReadOnlyDictionary<string, string?>? claimsSettings = null)
    {
        _secured = secured;
        _clock = clock;
        _settings = settings;
        _verificationServices = verificationServices;
        _claimsSettings = claimsSettings;
        Claims = new ClaimsHost(Folder, secured, claimsSettings);
        Link.Connect(Claims);
        Verification = StartVerification();
    }

    public TempFolder Folder { get; } = new();

    public CuttableLink Link { get; } = new();

    public ClaimsHost Claims { get; private set; }

    public VerificationHost Verification { get; private set; }

    /// <summary>A claims client with the newsroom's editor key (none on open hosts).</summary>
    public ClaimsService.ClaimsServiceClient ClaimsClient() => Claims.Client();

    /// <summary>A verification client with the desk's verifier key (none on open hosts).</summary>
    public VerificationService.VerificationServiceClient Desk() => Verification.Client();

    /// <summary>Shuts the claims service down; calls to it fail as refused connections until <see cref="StartClaims"/>.</summary>
    public async Task StopClaimsAsync()
    {
        Link.Cut();
        await Claims.DisposeAsync();
    }

    /// <summary>
    /// Starts the claims service again, on its own database, or on the SQLite file
    /// <paramref name="database"/> (a copy taken earlier, as a restore from an older backup would
    /// leave it). In this process, a copy is started from where it lies rather than put in place of
    /// the database: a connection the stopped host has not yet let go would go on writing the old
    /// database's log into the replaced file and damage it.
    /// </summary>
    public void StartClaims(string? database = null)
    {
        var settings = new Dictionary<string, string?>(_claimsSettings ?? new Dictionary<string, string?>());
        if (database is not null)
        {
            settings["ConnectionStrings:Claims"] = $"Data Source={database}";
        }

        Claims = new ClaimsHost(Folder, _secured, settings);
        Link.Connect(Claims);
    }

    /// <summary>Shuts the verification service down and starts a new one on the same database.</summary>
    public async Task RestartVerificationAsync()
    {
        await Verification.DisposeAsync();
        Verification = StartVerification();
    }

    private VerificationHost StartVerification() => new(Folder, Link, _secured, _clock, _settings, _verificationServices);

    public async ValueTask DisposeAsync()
    {
        await Verification.DisposeAsync();
        await Claims.DisposeAsync();
        Link.Dispose();
        Folder.Dispose();
    }
}
