using System.Diagnostics;
using FactCheck.Claims.Grpc;
using FactCheck.Testing;
using FactCheck.Verification.Grpc;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// A Node.js client that loads only protos/*.proto calls every VerificationService method on
/// the real processes: the contract is complete without any C# code.
/// </summary>
public sealed class NodeVerificationContractTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-node-verification-");

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task A_client_built_from_the_protos_alone_uses_every_verification_method()
    {
        var script = Repository.File("tests", "contract-node", "verification-contract.mjs");
        var installed = Directory.Exists(Repository.File("tests", "contract-node", "node_modules", "@grpc", "grpc-js"));
        Assert.False(!installed && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") == "1",
            "CI requires the Node.js contract test: `npm ci --prefix tests/contract-node` did not run");
        Skip.IfNot(installed, "Node.js packages for the contract check are not installed. Run `npm ci --prefix tests/contract-node` to run this test.");

        var claimsPort = ServiceProcess.FreePort();
        await using var claims = await ServiceProcess.StartAsync(typeof(ClaimsGrpcService).Assembly.Location, new Dictionary<string, string>
        {
            ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
        }, claimsPort);
        await using var verification = await ServiceProcess.StartAsync(VerificationScenario.VerificationAssembly,
            VerificationScenario.VerificationEnvironment("sqlite", _folder.VerificationDb, $"http://127.0.0.1:{claimsPort}"));

        var start = new ProcessStartInfo("node", [script, $"127.0.0.1:{claimsPort}", $"127.0.0.1:{verification.Address.Port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await node.WaitForExitAsync(timeout.Token);

        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}:\n{await output}\n{await errors}\nverification log:\n{verification.Output}");
        Assert.Contains("every method answered as documented", await output, StringComparison.Ordinal);
    }
}
