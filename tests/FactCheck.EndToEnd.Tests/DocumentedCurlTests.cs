using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// Every line of README.md and docs/*.md that starts with <c>curl</c> is run, in the order the
/// pages give them, against real service processes holding the sample claims, with the documented
/// REST addresses (127.0.0.1:5111, 127.0.0.1:5112) replaced by the test's ports. A line must exit 0
/// and print JSON; a line ending in <c># expect NNN</c> shows an error on purpose and must answer
/// that HTTP status with a JSON google.rpc.Status. The docs must also show a call of every REST
/// mapping of the protos, so a mapping cannot go undocumented.
/// </summary>
public sealed partial class DocumentedCurlTests : IDisposable
{
    private const string ClaimsRest = "127.0.0.1:5111";
    private const string VerificationRest = "127.0.0.1:5112";
    private readonly TempFolder _folder = new("factcheck-docs-curl-");

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"\s*#\s*expect\s+(?<status>\d{3})\s*$")]
    private static partial Regex ExpectedStatus();

    [SkippableFact]
    public async Task Every_documented_curl_line_runs_against_the_services_with_the_sample_claims()
    {
        var curl = FindOnPath("curl");
        Assert.False(curl is null && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") == "1",
            "CI requires the documented curl lines to be run: curl is not installed (Debian: apt-get install -y curl)");
        Skip.If(curl is null, "curl is not installed (Debian: apt-get install -y curl), so the documented curl lines cannot be run.");
        var lines = DocumentedLines();
        AssertEveryMappingIsShown(lines);

        await using var claims = await ServiceProcess.StartAsync(ClaimsAssembly, new Dictionary<string, string>
        {
            ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
            ["Matching__Semantic"] = "false",
        });
        await using var verification = await ServiceProcess.StartAsync(VerificationAssembly,
            VerificationEnvironment("sqlite", _folder.VerificationDb, claims.Address.ToString()));
        var grpc = new ClaimsService.ClaimsServiceClient(claims.Channel());
        foreach (var id in SampleClaims.Ids)
        {
            await grpc.CreateClaimAsync(SampleClaims.Create(id), deadline: Deadline);
        }

        foreach (var (page, number, documented) in lines)
        {
            var command = documented.Replace(ClaimsRest, claims.RestAddress!.Authority, StringComparison.Ordinal)
                .Replace(VerificationRest, verification.RestAddress!.Authority, StringComparison.Ordinal);
            var expected = ExpectedStatus().Match(command);
            if (expected.Success)
            {
                command = command[..expected.Index] + " -w '\\n%{http_code}'";
            }

            var (exitCode, output, errors) = await RunAsync(command);
            var where = $"{page}:{number}: {documented}\nexit code {exitCode}\n{output}\n{errors}";
            Assert.True(exitCode == 0, where);
            if (expected.Success)
            {
                var status = output[(output.LastIndexOf('\n') + 1)..];
                Assert.True(status == expected.Groups["status"].Value, $"expected HTTP {expected.Groups["status"].Value}, got {status}: {where}");
                using var error = JsonDocument.Parse(output[..output.LastIndexOf('\n')]);
                Assert.True(error.RootElement.GetProperty("code").GetInt32() > 0, where);
                Assert.True(error.RootElement.GetProperty("details").GetArrayLength() > 0, $"the error carries no details: {where}");
            }
            else
            {
                using var answer = JsonDocument.Parse(output);
                Assert.Equal(JsonValueKind.Object, answer.RootElement.ValueKind);
            }
        }

        // The documented verdicts were recorded and delivered: the sample agreement is confirmed.
        var agreement = await grpc.GetClaimAsync(new GetClaimRequest { Name = "claims/agreement" }, deadline: Deadline);
        Assert.Equal(ClaimStatus.Confirmed, agreement.Status);
    }

    /// <summary>Every curl line of README.md and docs/*.md, in page order (README first), with its page and line number; a trailing backslash joins the next line.</summary>
    private static List<(string Page, int Number, string Command)> DocumentedLines()
    {
        var pages = new[] { Repository.File("README.md") }.Concat(Directory.GetFiles(Repository.File("docs"), "*.md").Order(StringComparer.Ordinal));
        var found = new List<(string, int, string)>();
        foreach (var page in pages)
        {
            var text = File.ReadAllLines(page);
            for (var i = 0; i < text.Length; i++)
            {
                if (!text[i].StartsWith("curl ", StringComparison.Ordinal))
                {
                    continue;
                }

                var number = i + 1;
                var command = text[i];
                while (command.EndsWith('\\') && i + 1 < text.Length)
                {
                    command = command[..^1] + " " + text[++i].Trim();
                }

                found.Add((Path.GetRelativePath(Repository.Root, page), number, command));
            }
        }

        Assert.True(found.Count >= 10, $"expected the docs to show the REST calls, found {found.Count} curl lines");
        return found;
    }

    /// <summary>Each google.api.http mapping of both services is called by some documented line, with its HTTP method, on its service's port.</summary>
    private static void AssertEveryMappingIsShown(List<(string Page, int Number, string Command)> lines)
    {
        var mappings = RestAssert.Templates(ClaimsService.Descriptor).Select(m => (m.Method, m.Template, Host: ClaimsRest))
            .Concat(RestAssert.Templates(WebhooksService.Descriptor).Select(m => (m.Method, m.Template, Host: ClaimsRest)))
            .Concat(RestAssert.Templates(VerificationService.Descriptor).Select(m => (m.Method, m.Template, Host: VerificationRest)))
            .Concat(RestAssert.Templates(AdminService.Descriptor).SelectMany(m => new[] { (m.Method, m.Template, Host: ClaimsRest), (m.Method, m.Template, Host: VerificationRest) }))
            .ToList();
        Assert.Equal(21, mappings.Count);
        foreach (var (method, template, host) in mappings)
        {
            // "/v1/{name=claims/*}/history" matches "/v1/claims/agreement/history", and nothing longer:
            // each variable becomes its pattern, with a name for each "*".
            var path = new System.Text.StringBuilder();
            var last = 0;
            foreach (Match variable in TemplateVariable().Matches(template))
            {
                path.Append(Regex.Escape(template[last..variable.Index]))
                    .Append(string.Join("[A-Za-z0-9_-]+", variable.Groups["pattern"].Value.Split('*').Select(Regex.Escape)));
                last = variable.Index + variable.Length;
            }

            path.Append(Regex.Escape(template[last..]));
            var call = new Regex(Regex.Escape($"http://{host}") + path + @"(?=[?'""\s]|$)");
            Assert.True(lines.Any(l => MethodOf(l.Command) == method && call.IsMatch(l.Command)),
                $"no documented curl line calls {method.ToUpperInvariant()} {template} on {host}");
        }
    }

    [GeneratedRegex(@"\{[^=}]+=(?<pattern>[^}]+)\}")]
    private static partial Regex TemplateVariable();

    /// <summary>The HTTP method a curl line uses: -X when given, POST with a body, GET otherwise.</summary>
    private static string MethodOf(string command)
    {
        var explicitMethod = Regex.Match(command, @"-X\s+(?<method>[A-Z]+)");
        return explicitMethod.Success ? explicitMethod.Groups["method"].Value.ToLowerInvariant()
            : Regex.IsMatch(command, @"\s(--json|-d|--data)\s") ? "post" : "get";
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["FACTCHECK_API_KEY"] = "any-key-an-open-service-ignores";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
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

        return (process.ExitCode, (await output).TrimEnd('\n'), await errors);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
