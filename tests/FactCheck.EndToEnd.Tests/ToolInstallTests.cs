using System.Diagnostics;
using FactCheck.Testing;

namespace FactCheck.EndToEnd.Tests;

/// <summary>The install steps of docs/cli.md (the package's own readme): pack the client and install it as a .NET tool from the local package.</summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-tool-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_client_packs_and_installs_as_the_factcheck_tool()
    {
        var packages = _folder.File("packages");
        var tools = _folder.File("tools");

        // Packs the Debug build this test project's reference already made, rather than compiling
        // the client again in Release as the docs' `dotnet pack` does: on a 2-core machine running
        // the other test assemblies, that compile alone took over four minutes and failed CI. What
        // this proves (the package installs and runs as the factcheck tool) does not depend on it.
        await RunAsync("dotnet", "pack", Repository.File("clients", "FactCheck.Cli", "FactCheck.Cli.csproj"), "--no-build", "-c", "Debug", "-o", packages, "-nologo");
        Assert.Single(Directory.GetFiles(packages, "FactCheck.Cli.*.nupkg"));
        await RunAsync("dotnet", "tool", "install", "--tool-path", tools, "FactCheck.Cli", "--add-source", packages);
        var help = await RunAsync(Path.Combine(tools, "factcheck"), "--help");

        Assert.Contains("factcheck", help, StringComparison.Ordinal);
        Assert.Contains("claims", help, StringComparison.Ordinal);
        Assert.Contains("verify", help, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder.Path };
        // The tool's own first-run experience and telemetry notice are noise here.
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(patience.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await errors}");
        return await output;
    }
}
