using System.Diagnostics;
using System.Text.RegularExpressions;
using FactCheck.Domain;
using FactCheck.ServiceDefaults;
using FactCheck.Testing;
using Microsoft.Extensions.Configuration;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// No container engine runs here, so the deployment files are checked without one: the compose
/// file must validate, every file it names must exist, and each Dockerfile's build stage must
/// publish from exactly what it copies.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string[] Dockerfiles =
    [
        "services/FactCheck.Claims/Dockerfile",
        "services/FactCheck.Verification/Dockerfile",
        "clients/FactCheck.Cli/Dockerfile",
        "clients/FactCheck.Web/Dockerfile",
    ];

    /// <summary>
    /// What compose needs from its environment: the database password, each key's hash, the keys
    /// compose presents itself (the verifier's, the pages' reader key), and the pages' public
    /// address (no default: a loopback one would publish ClaimReview urls no reader can open).
    /// </summary>
    private static readonly string[] Secrets =
        ["POSTGRES_PASSWORD", "FACTCHECK_READER_KEY_SHA256", "FACTCHECK_EDITOR_KEY_SHA256", "FACTCHECK_VERIFIER_KEY_SHA256", "FACTCHECK_VERIFIER_KEY", "FACTCHECK_READER_KEY", "FACTCHECK_PUBLIC_URL"];

    [GeneratedRegex(@"^COPY\s+(?!--from)[^\n]+$", RegexOptions.Multiline)]
    private static partial Regex CopyInstruction();

    [SkippableFact]
    public async Task Compose_file_validates()
    {
        var compose = FindOnPath("docker-compose");
        Skip.If(compose is null && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") != "1",
            "docker-compose is not installed (Debian: apt-get install -y docker-compose); CI's .ci/run installs it.");
        Assert.NotNull(compose);

        var start = new ProcessStartInfo(compose, ["-f", Repository.File("docker-compose.yml"), "config", "-q"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var name in Secrets)
        {
            start.Environment[name] = "test-value";
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker-compose config failed: {errors}");
    }

    [Fact]
    public void Compose_file_refuses_to_start_without_secrets()
    {
        var text = File.ReadAllText(Repository.File("docker-compose.yml"));
        foreach (var secret in Secrets)
        {
            Assert.Contains($"${{{secret}:?", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllDockerfiles))]
    public async Task Each_dockerfile_build_stage_publishes_from_only_what_it_copies(string dockerfile)
    {
        // Replays the build stage without a container engine: copy exactly what the Dockerfile
        // copies (minus what .dockerignore leaves out) into an empty folder, then run its publish.
        var text = File.ReadAllText(Repository.File(dockerfile));
        var buildStage = text[..text.IndexOf("\nFROM ", text.IndexOf("FROM ", StringComparison.Ordinal) + 5, StringComparison.Ordinal)];
        using var folder = new TempFolder("factcheck-docker-");
        var context = folder.Path;
        foreach (Match copy in CopyInstruction().Matches(buildStage))
        {
            var parts = copy.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            var destination = parts[^1];
            foreach (var source in parts[..^1])
            {
                var from = Repository.File(source);
                Assert.True(File.Exists(from) || Directory.Exists(from), $"{dockerfile} copies '{source}', which does not exist");
                var to = destination.EndsWith('/') && File.Exists(from) ? Path.Combine(context, destination, Path.GetFileName(from)) : Path.Combine(context, destination);
                CopyIntoContext(from, to);
            }
        }

        // The Dockerfile's own arguments, with the platform BuildKit would pass for this machine's.
        var publish = Regex.Match(buildStage, @"^RUN dotnet publish (?<arguments>[^\n]+)$", RegexOptions.Multiline).Groups["arguments"].Value;
        Assert.False(string.IsNullOrEmpty(publish), $"{dockerfile} has no 'RUN dotnet publish' in its build stage");
        var arguments = publish.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Replace("$TARGETARCH", DockerArchitecture(), StringComparison.Ordinal))
            .Select(a => a == "/app" ? Path.Combine(context, "app") : a);
        var start = new ProcessStartInfo("dotnet", ["publish", .. arguments, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = context,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{dockerfile}: dotnet publish failed on what the Dockerfile copies:\n{await output}\n{await errors}");

        // What the image starts is compiled ahead of time, so the container does not wait for the JIT.
        var entry = Regex.Match(text, @"ENTRYPOINT \[""dotnet"", ""(?<dll>[^""]+)""\]").Groups["dll"].Value;
        Assert.True(File.Exists(Path.Combine(context, "app", entry)), $"{dockerfile}: ENTRYPOINT runs '{entry}', which the publish did not write");
        Assert.True(IsReadyToRun(Path.Combine(context, "app", entry)), $"{dockerfile}: {entry} is not compiled ReadyToRun");

        Assert.Contains("USER app", text, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_configures_keys_by_name_with_only_their_hashes_in_a_form_the_services_accept()
    {
        var text = File.ReadAllText(Repository.File("docker-compose.yml"));
        var keySettings = Regex.Matches(text, @"^\s+(?<name>Auth__Keys__\S+):\s*(?<value>.+?)\s*$", RegexOptions.Multiline)
            .ToDictionary(
                m => m.Groups["name"].Value.Replace("__", ":", StringComparison.Ordinal),
                // Each ${VAR:?...} stands for a hash the operator exports.
                m => (string?)(m.Groups["value"].Value.StartsWith("${", StringComparison.Ordinal) ? ApiKeys.Sha256Hex(m.Groups["name"].Value) : m.Groups["value"].Value));

        var keys = ConfiguredKeys.From(new ConfigurationBuilder().AddInMemoryCollection(keySettings).Build());

        Assert.Equal(["newsroom (Editor)", "reader (Reader)", "verification-service (Verifier)"], keys.All.Select(k => $"{k.Name} ({k.Role})").Order());
    }

    /// <summary>Copies a file or a folder as Docker's COPY would, leaving out what .dockerignore names (build outputs).</summary>
    private static void CopyIntoContext(string from, string to)
    {
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to, overwrite: true);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var segments = relative.Split(Path.DirectorySeparatorChar);
            if (segments.Any(s => s is "bin" or "obj" or "node_modules"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    [Fact]
    public void Every_dockerfile_and_mounted_file_named_in_compose_exists()
    {
        var text = File.ReadAllText(Repository.File("docker-compose.yml"));
        foreach (Match m in Regex.Matches(text, @"dockerfile:\s*(?<path>\S+)"))
        {
            Assert.True(File.Exists(Repository.File(m.Groups["path"].Value)), $"compose names {m.Groups["path"].Value}");
        }

        foreach (Match m in Regex.Matches(text, @"-\s*\./(?<path>[^:\s]+):"))
        {
            Assert.True(File.Exists(Repository.File(m.Groups["path"].Value)), $"compose mounts {m.Groups["path"].Value}");
        }
    }

    public static TheoryData<string> AllDockerfiles() => new(Dockerfiles);

    /// <summary>This machine's platform as BuildKit names it in TARGETARCH.</summary>
    private static string DockerArchitecture() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"no Docker platform for {other}"),
    };

    /// <summary>Whether the assembly carries ReadyToRun code: a managed native header in its CLI header.</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
