using FactCheck.Testing;
using System.Text.Json;
using FactCheck.Cli.Commands;
using FactCheck.Cli.Connection;

namespace FactCheck.Cli.Tests.Support;

/// <summary>What one run of the tool left behind.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs the real command tree in-process, as a redirected (non-terminal) process would run it,
/// against <paramref name="services"/> in memory (or, without them, against real addresses).
/// </summary>
public sealed class CliRunner(ServicePair? services, IDictionary<string, string>? environment = null, string? currentDirectory = null)
{
    private readonly Dictionary<string, string> _environment = WithAddresses(environment);

    /// <summary>Services to leave unreachable: their calls go to real sockets at the configured address.</summary>
    public HashSet<ServiceKind> Unplugged { get; } = [];

    /// <summary>A console to render on instead of plain standard output (with <see cref="Terminal"/>: as if on a terminal).</summary>
    public Spectre.Console.IAnsiConsole? Console { get; set; }

    public bool Terminal { get; set; }

    /// <summary>Time every call waits before it reaches the services, to make them slow.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>What the tool reads on standard input.</summary>
    public string Input { get; set; } = "";

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, new LiveWriter(), CancellationToken.None);

    /// <summary>Runs with <paramref name="output"/> as standard output, which the test may read while the command runs.</summary>
    public async Task<CliResult> RunAsync(string[] args, LiveWriter output, CancellationToken cancel)
    {
        var error = new StringWriter { NewLine = "\n" };
        var host = new CliHost
        {
            Out = output,
            Error = error,
            In = new StringReader(Input),
            OutIsTerminal = Terminal,
            Console = Console,
            Environment = name => _environment.GetValueOrDefault(name),
            CurrentDirectory = currentDirectory ?? Directory.GetCurrentDirectory(),
            HttpHandlers = services is null ? null : kind => Unplugged.Contains(kind) ? null : new SlowHandler(Delay, Handler(services, kind)),
        };
        var code = await CliApp.RunAsync(args, host, cancel);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs and asserts the exit code, showing everything the tool printed when it differs.</summary>
    public async Task<CliResult> ExpectAsync(int exitCode, params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == exitCode, $"factcheck {string.Join(' ', args)}: expected exit {exitCode}, got {result}");
        return result;
    }

    public Task<CliResult> OkAsync(params string[] args) => ExpectAsync(0, args);

    /// <summary>What the tool reaches instead of a socket for <paramref name="kind"/>: that service's in-memory server.</summary>
    private static HttpMessageHandler Handler(ServicePair services, ServiceKind kind) =>
        kind == ServiceKind.Claims ? services.Claims.Server.CreateHandler() : services.Verification.Server.CreateHandler();

    private static Dictionary<string, string> WithAddresses(IDictionary<string, string>? environment)
    {
        var all = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        // The in-memory handlers ignore addresses; these only show in messages.
        all.TryAdd("FACTCHECK_CLAIMS_URL", "http://claims.test");
        all.TryAdd("FACTCHECK_VERIFICATION_URL", "http://verification.test");
        return all;
    }

    /// <summary>A loopback address where nothing listens: connections are refused at once.</summary>
    public static string ClosedAddress()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}

/// <summary>Forwards each request after a delay; a call's deadline or cancellation ends the wait.</summary>
public sealed class SlowHandler(TimeSpan delay, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Standard output a test can read while a command (such as watch) is still writing to it.</summary>
public sealed class LiveWriter : StringWriter
{
    private readonly Lock _gate = new();

    public LiveWriter() => NewLine = "\n";

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return base.ToString();
        }
    }

    /// <summary>Waits (within the test patience, not a speed assertion) until the output contains <paramref name="text"/>.</summary>
    public Task WaitForAsync(string text) =>
        Eventually.Until(() => Task.FromResult(ToString()), output => output.Contains(text, StringComparison.Ordinal), $"'{text}' in the output");
}
