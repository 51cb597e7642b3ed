using System.Diagnostics;
using FactCheck.Testing;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// The public contract is guarded by buf (protos/buf.yaml says which rules and why): the protos
/// pass its lint, and no version of them that was ever committed is broken by the protos as
/// they stand, so a change that would break an existing gRPC, REST or generated-code caller
/// fails the suite. Two controls show that each check can fail.
/// buf comes from npm (`npm ci --prefix tests/contract-node`, which CI runs).
/// </summary>
public sealed class ProtoContractTests : IDisposable
{
    private static readonly string Protos = Repository.File("protos");
    private readonly TempFolder _folder = new("factcheck-buf-");

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task The_protos_pass_buf_lint()
    {
        var result = await Buf(["lint", Protos]);
        Assert.True(result.ExitCode == 0, $"buf lint found problems:\n{result.Output}");
    }

    [SkippableFact]
    public async Task The_protos_break_no_committed_version_of_the_contract()
    {
        var versions = await ContractVersions();
        Assert.NotEmpty(versions);
        foreach (var commit in versions)
        {
            var result = await Buf(["breaking", Protos, "--against", $"{Repository.File(".git")}#ref={commit},subdir=protos"]);
            Assert.True(result.ExitCode == 0, $"the protos break callers of the contract as committed in {commit}:\n{result.Output}");
        }
    }

    [SkippableFact]
    public async Task Removing_a_field_is_reported_as_breaking()
    {
        var changed = CopyOfProtos();
        var file = Path.Combine(changed, "factcheck", "v1", "claims.proto");
        var text = await File.ReadAllTextAsync(file);
        var line = text.Split('\n').First(l => l.TrimStart().StartsWith("string speaker = ", StringComparison.Ordinal));
        await File.WriteAllTextAsync(file, text.Replace(line + "\n", "", StringComparison.Ordinal));

        var result = await Buf(["breaking", changed, "--against", Protos]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("\"speaker\"", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_message_named_against_the_style_fails_lint()
    {
        var changed = CopyOfProtos();
        await File.AppendAllTextAsync(Path.Combine(changed, "factcheck", "v1", "claims.proto"), "\nmessage claim_note {\n  string Text = 1;\n}\n");

        var result = await Buf(["lint", changed]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("claim_note", result.Output, StringComparison.Ordinal);
        Assert.Contains("Text", result.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every commit that changed protos/ (each is a version some caller may have built against),
    /// and HEAD, so that uncommitted changes are compared too. A shallow clone holds only the
    /// versions it fetched; the check then covers those.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ContractVersions()
    {
        var log = await Run("git", ["-C", Repository.Root, "log", "--format=%H", "HEAD", "--", "protos"]);
        Skip.If(log.ExitCode != 0 && !Directory.Exists(Repository.File(".git")), "not a git clone: there are no committed versions to compare with");
        Assert.True(log.ExitCode == 0, $"git log failed:\n{log.Output}");
        var head = await Run("git", ["-C", Repository.Root, "rev-parse", "HEAD"]);
        return [.. log.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Prepend(head.Output.Trim()).Distinct()];
    }

    private string CopyOfProtos()
    {
        var copy = Path.Combine(_folder.Path, "protos");
        foreach (var file in Directory.EnumerateFiles(Protos, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Protos, file);
            if (relative.EndsWith(".proto", StringComparison.Ordinal) || relative == "buf.yaml")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
                File.Copy(file, Path.Combine(copy, relative));
            }
        }

        return copy;
    }

    private static Task<(int ExitCode, string Output)> Buf(string[] arguments)
    {
        var buf = Repository.File("tests", "contract-node", "node_modules", ".bin", "buf");
        var installed = File.Exists(buf);
        Assert.False(!installed && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") == "1",
            "CI requires the contract checks: `npm ci --prefix tests/contract-node` did not run");
        Skip.IfNot(installed, "buf is not installed. Run `npm ci --prefix tests/contract-node` to run this test.");
        return Run(buf, arguments);
    }

    private static async Task<(int ExitCode, string Output)> Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Not left running behind the failed test.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }
}
