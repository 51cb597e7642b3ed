using System.Diagnostics;
using System.Text.RegularExpressions;
using FactCheck.Testing;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// No container engine runs here, so the deployment files are checked as files: the compose
/// file must validate, and every path a Dockerfile or the compose file names must exist.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string[] Dockerfiles =
    [
        "services/FactCheck.Claims/Dockerfile",
        "services/FactCheck.Verification/Dockerfile",
        "clients/FactCheck.Cli/Dockerfile",
    ];

    [GeneratedRegex(@"^COPY\s+(?!--from)(?<sources>.+)\s+\S+\s*$", RegexOptions.Multiline)]
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
        foreach (var name in new[] { "POSTGRES_PASSWORD", "FACTCHECK_READER_KEY", "FACTCHECK_EDITOR_KEY", "FACTCHECK_VERIFIER_KEY" })
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
        foreach (var secret in new[] { "POSTGRES_PASSWORD", "FACTCHECK_READER_KEY", "FACTCHECK_EDITOR_KEY", "FACTCHECK_VERIFIER_KEY" })
        {
            Assert.Contains($"${{{secret}:?", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllDockerfiles))]
    public void Every_path_a_dockerfile_copies_exists(string dockerfile)
    {
        var text = File.ReadAllText(Repository.File(dockerfile));
        var sources = CopyInstruction().Matches(text).SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(
            File.Exists(Repository.File(source)) || Directory.Exists(Repository.File(source)),
            $"{dockerfile} copies '{source}', which does not exist"));
        Assert.Contains("USER app", text, StringComparison.Ordinal);
        Assert.Matches("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", text);
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

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
