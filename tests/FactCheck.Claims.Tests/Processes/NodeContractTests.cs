using FactCheck.Claims.Grpc;
using FactCheck.Testing;

namespace FactCheck.Claims.Tests.Processes;

/// <summary>
/// A Node.js client that loads only protos/*.proto calls every ClaimsService method on the real
/// service process: the contract is complete without any C# code.
/// </summary>
public sealed class NodeContractTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("factcheck-claims-node-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [SkippableFact]
    public async Task A_client_built_from_the_protos_alone_uses_every_method()
    {
        var script = Repository.File("tests", "contract-node", "claims-contract.mjs");
        var modules = Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "@grpc", "grpc-js");
        Assert.False(!Directory.Exists(modules) && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") == "1",
            "CI requires the Node.js contract test: `npm ci --prefix tests/contract-node` did not run");
        Skip.IfNot(Directory.Exists(modules),
            "Node.js packages for the contract check are not installed. Run `npm ci --prefix tests/contract-node` (CI's .ci/run does) to run this test.");

        await using var service = await ServiceProcess.StartAsync(typeof(ClaimsGrpcService).Assembly.Location, new Dictionary<string, string>
        {
            ["ConnectionStrings__Claims"] = $"Data Source={Path.Combine(_dataDirectory, "claims.db")}",
        });

        var start = new System.Diagnostics.ProcessStartInfo("node", [script, $"{service.Address.Host}:{service.Address.Port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = System.Diagnostics.Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);

        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}:\n{await output}\n{await errors}\nservice log:\n{service.Output}");
        Assert.Contains("every method answered as documented", await output, StringComparison.Ordinal);
    }
}
