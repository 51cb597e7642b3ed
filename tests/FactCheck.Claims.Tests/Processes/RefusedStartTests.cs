using System.Net;
using System.Net.Sockets;
using FactCheck.Claims.Grpc;
using FactCheck.ServiceDefaults;
using FactCheck.Testing;

namespace FactCheck.Claims.Tests.Processes;

/// <summary>
/// A start refused for its settings, as an operator sees it: the process exits with
/// <see cref="ServiceStartup.RefusedExitCode"/> after one log line that names the setting, with
/// no stack trace, and without creating its database.
/// </summary>
public sealed class RefusedStartTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-refused-");

    private static string ServiceAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Limits__MaxQuote", "0", "Limits:MaxQuote must be at least 1 (got 0)")]
    [InlineData("Limits__MaxWatchersPerCaller", "101", "Limits:MaxWatchersPerCaller (101) must not be larger than Limits:MaxConcurrentCallsPerCaller (100): a watcher is a call")]
    [InlineData("Limits__MaxMessageBytes", "10", "Limits:MaxMessageBytes must be at least 1024 (got 10)")]
    [InlineData("Storage__Provider", "postgress", "Storage:Provider must be 'sqlite' or 'postgres', not 'postgress'.")]
    [InlineData("Watch__BatchSize", "0", "Watch:BatchSize must be at least 1 (got 0)")]
    [InlineData("Watch__FeedCapacity", "100", "Watch:FeedCapacity (100) must be at least Watch:BatchSize (500)")]
    [InlineData("Matching__IndexBatchSize", "0", "Matching:IndexBatchSize must be from 1 to 1024 (got 0)")]
    [InlineData("Matching__Candidates", "5000", "Matching:Candidates must be from 1 to 1000 (got 5000)")]
    [InlineData("Auth__Keys__reader__Role", "Owner", "Auth:Keys:reader:Role is 'Owner', which is not a role")]
    [InlineData("Backup__PgDump", " ", "Backup:PgDump must name the pg_dump executable (a path, or a name on PATH); the default is 'pg_dump'.")]
    [InlineData("Rest__Url", "ftp://127.0.0.1:5111", "Rest:Url must be an http:// or https:// address with a port, such as http://127.0.0.1:5111, or 'off' (or empty) for no REST port (got 'ftp://127.0.0.1:5111')")]
    public async Task A_wrong_setting_stops_the_start_with_one_line_and_the_configuration_exit_code(string setting, string value, string expected)
    {
        var port = ServiceProcess.FreePort();
        var environment = Environment();
        environment[setting] = value;

        var refused = await ServiceProcess.RunToRefusalAsync(ServiceAssembly, environment, ["--urls", $"http://127.0.0.1:{port}"], port);

        AssertRefusedInOneLine(refused, expected);
        Assert.False(File.Exists(_folder.File("claims.db")), "the refused service created its database");
    }

    [Fact]
    public async Task A_backup_folder_that_is_a_file_stops_the_start_naming_the_setting()
    {
        var port = ServiceProcess.FreePort();
        var file = _folder.File("not-a-folder");
        await File.WriteAllTextAsync(file, "");
        var environment = Environment();
        environment["Backup__Directory"] = file;

        var refused = await ServiceProcess.RunToRefusalAsync(ServiceAssembly, environment, ["--urls", $"http://127.0.0.1:{port}"], port);

        AssertRefusedInOneLine(refused, $"Backup:Directory '{file}' is a file, not a folder.");
    }

    [Fact]
    public async Task Matching_neither_on_words_nor_on_meaning_stops_the_start_naming_both_settings()
    {
        var port = ServiceProcess.FreePort();
        var environment = Environment();
        environment["Matching__Semantic"] = "false";
        environment["Matching__Lexical"] = "false";

        var refused = await ServiceProcess.RunToRefusalAsync(ServiceAssembly, environment, ["--urls", $"http://127.0.0.1:{port}"], port);

        AssertRefusedInOneLine(refused, "Matching:Semantic and Matching:Lexical are both false: matching needs at least one of them");
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_stops_the_start_naming_the_missing_setting()
    {
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string> { ["Storage__Provider"] = "postgres", ["ASPNETCORE_ENVIRONMENT"] = "Production" };

        var refused = await ServiceProcess.RunToRefusalAsync(ServiceAssembly, environment, ["--urls", $"http://127.0.0.1:{port}"], port);

        AssertRefusedInOneLine(refused, "Storage:Provider is postgres but ConnectionStrings:Claims is not set (for example 'Host=db;");
    }

    [Fact]
    public async Task An_open_service_on_every_interface_stops_the_start_with_one_line_and_the_configuration_exit_code()
    {
        var port = ServiceProcess.FreePort();

        var refused = await ServiceProcess.RunToRefusalAsync(ServiceAssembly, Environment(), ["--urls", $"http://0.0.0.0:{port}"], port);

        AssertRefusedInOneLine(refused, $"No API keys are configured (Auth:Keys), so the service may only listen on a loopback address, not http://0.0.0.0:{port} (urls).");
        Assert.False(File.Exists(_folder.File("claims.db")), "the refused service created its database");
    }

    [Fact]
    public async Task A_listen_address_in_use_stops_the_start_with_the_configuration_exit_code()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var refused = await ServiceProcess.RunToRefusalAsync(ServiceAssembly, Environment(), ["--urls", $"http://127.0.0.1:{taken}"], ServiceProcess.FreePort());

        // The host logs its own failure to start first (with the exception, as it does for any); the refusal line follows.
        Assert.True(refused.ExitCode == ServiceStartup.RefusedExitCode, $"exit code {refused.ExitCode}:\n{refused.Output}");
        Assert.Contains($"Refused to start (exit code {ServiceStartup.RefusedExitCode}): Failed to bind to address http://127.0.0.1:{taken}: address already in use.", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", refused.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Claims"] = _folder.ClaimsDb,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    private static void AssertRefusedInOneLine(RefusedStart refused, string expected)
    {
        var lines = refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var refusal = Assert.Single(lines, l => l.Contains("Refused to start", StringComparison.Ordinal));

        Assert.True(refused.ExitCode == ServiceStartup.RefusedExitCode, $"exit code {refused.ExitCode}:\n{refused.Output}");
        Assert.Contains($"crit: FactCheck.ServiceDefaults.ServiceStartup[1] Refused to start (exit code {ServiceStartup.RefusedExitCode}): ", refusal, StringComparison.Ordinal);
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
    }
}
