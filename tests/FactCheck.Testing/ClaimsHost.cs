using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactCheck.Testing;

/// <summary>
/// The real claims service (its Program.cs) on an in-memory test server, with its SQLite file in
/// <paramref name="folder"/>, so a test can stop it and start it again on the same data.
/// Secured, it knows <see cref="TestKeys.Claims"/>; open, it serves every caller (as on
/// loopback). <paramref name="settings"/> add to or override its configuration.
/// </summary>
public sealed class ClaimsHost(TempFolder folder, bool secured = true, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<ClaimsGrpcService>
{
    private TempFolder? _ownFolder;

    public TempFolder Folder => folder;

    /// <summary>An open host on a folder of its own, deleted with it: for a test that never restarts the service.</summary>
    public static ClaimsHost Open(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var own = new TempFolder("factcheck-claims-");
        return new ClaimsHost(own, secured: false, settings) { _ownFolder = own };
    }

    /// <summary>A secured host (<see cref="TestKeys.Claims"/>) on a folder of its own, deleted with it.</summary>
    public static ClaimsHost Secured()
    {
        var own = new TempFolder("factcheck-claims-");
        return new ClaimsHost(own) { _ownFolder = own };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // Both Dispose and DisposeAsync end here, possibly twice: the folder goes once.
            Interlocked.Exchange(ref _ownFolder, null)?.Dispose();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = secured ? TestKeys.Settings(TestKeys.Claims) : [];
        all["ConnectionStrings:Claims"] = folder.ClaimsDb;
        // Matching on meaning loads a 250 MB model and embeds every claim a test writes: only the
        // tests of matching ask for it (Matching:Semantic=true), the rest match on words alone.
        all["Matching:Semantic"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }
    }

    public GrpcChannel Channel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>A client presenting <paramref name="key"/> (the newsroom's editor key unless told otherwise; null for none).</summary>
    public ClaimsService.ClaimsServiceClient Client(TestKey? key) => new(Channel().WithKey(key?.Key));

    /// <summary>A client with the newsroom's editor key on a secured host, or without a key on an open one.</summary>
    public ClaimsService.ClaimsServiceClient Client() => Client(secured ? TestKeys.Newsroom : null);

    /// <summary>A client presenting a raw key, for tests of unknown or malformed keys.</summary>
    public ClaimsService.ClaimsServiceClient ClientWithRawKey(string apiKey) => new(Channel().WithKey(apiKey));
}

public static class ChannelKeys
{
    /// <summary>Calls on <paramref name="channel"/> present <c>authorization: Bearer {apiKey}</c>, or nothing when it is null.</summary>
    public static CallInvoker WithKey(this GrpcChannel channel, string? apiKey) =>
        apiKey is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
                return metadata;
            });
}
