using System.Diagnostics;
using System.Net.Sockets;
using FactCheck.Testing;

namespace FactCheck.EndToEnd.Tests;

/// <summary>README's first command, ./start.sh, run as a new user would: both services, the sample import, the table, the claim pages.</summary>
public sealed class StartScriptTests : IDisposable
{
    private readonly TempFolder _data = new("factcheck-start-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Start_script_runs_both_services_imports_the_samples_prints_the_table_serves_the_pages_and_stops_on_signal()
    {
        var claimsPort = ServiceProcess.FreePort();
        var verificationPort = ServiceProcess.FreePort();
        var webPort = ServiceProcess.FreePort();
        var start = new ProcessStartInfo("bash", [Repository.File("start.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        start.Environment["FACTCHECK_NO_BUILD"] = "1";
        start.Environment["FACTCHECK_DATA"] = _data.Path;
        start.Environment["FACTCHECK_CLAIMS_URL"] = $"http://127.0.0.1:{claimsPort}";
        start.Environment["FACTCHECK_VERIFICATION_URL"] = $"http://127.0.0.1:{verificationPort}";
        start.Environment["FACTCHECK_WEB_URL"] = $"http://127.0.0.1:{webPort}";
        start.Environment["NO_COLOR"] = "1";
        // Free ports rather than the defaults (5111, 5112), which anything else on this machine may hold.
        var claimsRestPort = ServiceProcess.FreePort();
        start.Environment["FACTCHECK_CLAIMS_REST_URL"] = $"http://127.0.0.1:{claimsRestPort}";
        start.Environment["FACTCHECK_VERIFICATION_REST_URL"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        // The services inherit the test timings: on a loaded CI machine the first delivery can take longer than the default budget.
        foreach (var (key, value) in TestTimings.VerificationEnvironment())
        {
            start.Environment[key] = value;
        }

        using var script = Process.Start(start)!;
        var lines = new List<string>();
        var errors = script.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await script.StandardOutput.ReadLineAsync(patience.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        var output = string.Join('\n', lines);
        Assert.True(lines.Count > 0 && lines[^1].StartsWith("Press Ctrl+C", StringComparison.Ordinal), $"start.sh did not finish starting:\n{output}\n{(script.HasExited ? await errors : "")}");
        Assert.Contains("16 claims from samples/claims.json: 16 created, 0 unchanged, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("agreement ", StringComparison.Ordinal) && l.Contains("PENDING", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("final-withdrawal ", StringComparison.Ordinal) && l.Contains("2026-12-31", StringComparison.Ordinal));
        Assert.True(File.Exists(_data.File("claims.db")) && File.Exists(_data.File("verification.db")));

        // REST answers at the address it printed.
        Assert.Contains($"claims http://127.0.0.1:{claimsRestPort}", output, StringComparison.Ordinal);
        using (var rest = new HttpClient())
        {
            var agreement = await rest.GetStringAsync(new Uri($"http://127.0.0.1:{claimsRestPort}/v1/claims/agreement"));
            Assert.Equal("CLAIM_STATUS_PENDING", System.Text.Json.JsonDocument.Parse(agreement).RootElement.GetProperty("status").GetString());
        }

        // The claim pages answer at the address it printed, reading both services.
        Assert.Contains(lines, l => l.StartsWith("claim pages:", StringComparison.Ordinal) && l.Contains($"http://127.0.0.1:{webPort}/claims", StringComparison.Ordinal));
        using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
        Assert.Contains(">PENDING</strong>", await web.GetStringAsync("/claims/agreement", patience.Token), StringComparison.Ordinal);
        using (var css = await web.GetAsync("/site.css", patience.Token))
        {
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        }

        // The sample scenario on the real processes: Washington confirms, then Baghdad.
        var washington = await FactcheckAsync(start.Environment, "verify", "confirm", "agreement", "--party", "Washington",
            "--official", "US State Department spokesperson", "--evidence-url", "https://example.org/statements/washington-go-ahead", "--quote", "Go-ahead given.");
        Assert.Equal("Washington confirmed; still awaiting Baghdad", washington.Trim());
        var baghdad = await FactcheckAsync(start.Environment, "verify", "confirm", "agreement", "--party", "Baghdad",
            "--official", "Iraqi government spokesperson", "--evidence-url", "https://example.org/statements/baghdad-go-ahead", "--quote", "Approved.");
        Assert.StartsWith("Baghdad confirmed; status is now CONFIRMED", baghdad.Trim(), StringComparison.Ordinal);
        var history = await FactcheckAsync(start.Environment, "claims", "history", "agreement", "--output", "json");
        Assert.Contains("CLAIM_STATUS_CONFIRMED", history, StringComparison.Ordinal);
        Assert.Contains("https://example.org/statements/baghdad-go-ahead", history, StringComparison.Ordinal);
        var page = await web.GetStringAsync("/claims/agreement", patience.Token);
        Assert.Contains(">CONFIRMED</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<script type=\"application/ld+json\"", page, StringComparison.Ordinal);

        // Ctrl+C (here SIGTERM to the script) stops both services.
        using (var kill = Process.Start("kill", ["-TERM", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await script.WaitForExitAsync(patience.Token);
        Assert.False(await AcceptsAsync(claimsPort), "the claims service still listens after start.sh stopped");
        Assert.False(await AcceptsAsync(verificationPort), "the verification service still listens after start.sh stopped");
        Assert.False(await AcceptsAsync(webPort), "the claim pages still listen after start.sh stopped");
    }

    /// <summary>Runs the built client as a user would, with the script's addresses; returns its output and requires exit code 0.</summary>
    private static async Task<string> FactcheckAsync(IDictionary<string, string?> environment, params string[] arguments)
    {
        var client = Repository.File("clients", "FactCheck.Cli", "bin", Configuration, "net10.0", "factcheck.dll");
        var start = new ProcessStartInfo("dotnet", [client, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in new[] { "FACTCHECK_CLAIMS_URL", "FACTCHECK_VERIFICATION_URL", "NO_COLOR" })
        {
            start.Environment[name] = environment[name];
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"factcheck {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>The build configuration of this test run (Debug or Release), which start.sh and the client were built in.</summary>
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
