using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FactCheck.Verification.Tests.Support;

/// <summary>
/// The real claims service (its Program.cs) on an in-memory test server, with its SQLite file in
/// the test's folder, so a test can stop it and start it again on the same data.
/// </summary>
public sealed class ClaimsHost(TestData data) : WebApplicationFactory<ClaimsGrpcService>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Claims", data.ClaimsDb);
        builder.UseSetting("Auth:Keys:0:Key", Keys.ClaimsEditor);
        builder.UseSetting("Auth:Keys:0:Name", "newsroom");
        builder.UseSetting("Auth:Keys:0:Role", "Editor");
        builder.UseSetting("Auth:Keys:1:Key", Keys.ClaimsVerifier);
        builder.UseSetting("Auth:Keys:1:Name", Keys.VerificationActor);
        builder.UseSetting("Auth:Keys:1:Role", "Verifier");
    }

    /// <summary>A client with the newsroom's editor key.</summary>
    public ClaimsService.ClaimsServiceClient Client()
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        return new(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {Keys.ClaimsEditor}");
            return metadata;
        }));
    }
}
