using System.Diagnostics;
using System.Runtime.InteropServices;
using FactCheck.Testing;

namespace FactCheck.Bench.Hosts;

/// <summary>
/// The services as their Dockerfiles ship them, which is what the harness starts: published for
/// this machine's platform in Release (<c>dotnet publish -c Release -a ARCH</c>), and so compiled
/// ahead of time (ReadyToRun, Directory.Build.props). Start-up is measured on what an operator
/// runs, not on a build's output, which the JIT compiles from scratch. The folders are kept
/// under the harness's bin folder, so a publish whose inputs did not change is quick.
/// </summary>
public sealed record PublishedServices(string ClaimsAssembly, string VerificationAssembly)
{
    public static async Task<PublishedServices> PublishAsync()
    {
        var watch = Stopwatch.StartNew();
        var claims = await PublishAsync("services/FactCheck.Claims/FactCheck.Claims.csproj", "claims", "FactCheck.Claims.dll");
        var verification = await PublishAsync("services/FactCheck.Verification/FactCheck.Verification.csproj", "verification", "FactCheck.Verification.dll");
        Console.WriteLine($"services published ReadyToRun in {watch.Elapsed.TotalSeconds:F0} s");
        return new PublishedServices(claims, verification);
    }

    private static async Task<string> PublishAsync(string project, string name, string assembly)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "published", name);
        var architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        await Programs.RunAsync("dotnet", ["publish", Repository.File(project), "-c", "Release", "-a", architecture, "-o", output, "-nologo"]);
        return Path.Combine(output, assembly);
    }
}
