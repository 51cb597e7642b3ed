using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactCheck.Claims.Tests.Support;

/// <summary>
/// The real claims service (its Program.cs) on an in-memory test server, with its own SQLite
/// file in a temporary folder. Extra settings (API keys, ...) come in as configuration.
/// </summary>
public sealed class ClaimsTestServer : WebApplicationFactory<ClaimsGrpcService>
{
    private readonly Dictionary<string, string?> _settings;

    public ClaimsTestServer(IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("factcheck-claims-").FullName;
        _settings = new(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Claims"] = $"Data Source={Path.Combine(DataDirectory, "claims.db")}",
        };
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public GrpcChannel Channel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>A client that presents <paramref name="apiKey"/> as "authorization: Bearer ..." when given.</summary>
    public ClaimsService.ClaimsServiceClient Client(string? apiKey = null) =>
        new(apiKey is null
            ? Channel().CreateCallInvoker()
            : Channel().Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
                return metadata;
            }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temporary folder behind; the test result stands.
            }
        }
    }
}
