using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using FactCheck.Tls;

namespace FactCheck.Testing;

/// <summary>
/// A service host started as its own operating-system process on a free loopback port, the
/// way ./start.sh starts it, for tests that restart or kill it. Output is kept for failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TrustedCa? _ca;

    /// <summary>The environment variable of the REST port's address (Rest:Url).</summary>
    public const string RestUrlVariable = "Rest__Url";

    private ServiceProcess(Process process, Uri address, Uri? restAddress, TrustedCa? ca)
    {
        _process = process;
        Address = address;
        RestAddress = restAddress;
        _ca = ca;
    }

    /// <summary>The gRPC address.</summary>
    public Uri Address { get; }

    /// <summary>
    /// The REST port's address: a free loopback port of its own unless the test's environment
    /// sets <see cref="RestUrlVariable"/> (never the fixed default, which parallel tests would
    /// share); null when the test switched it off.
    /// </summary>
    public Uri? RestAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process, for reading /proc/{id}.</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="assemblyPath"/> with `dotnet` and waits until its health check answers
    /// SERVING. With <paramref name="tls"/> it listens on https:// with that certificate (through
    /// Kestrel's standard settings), and <see cref="Channel"/> trusts the certificate's CA.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string assemblyPath, IDictionary<string, string> environment, int? port = null, TestServerCertificate? tls = null)
    {
        // A free port can be taken by another test process between choosing and binding it (test
        // assemblies run in parallel); when the port was ours to choose, a start that fails for
        // that reason tries again on another.
        for (var attempt = 1; ; attempt++)
        {
            var service = Launch(assemblyPath, environment, port ?? FreePort(), tls);
            try
            {
                await service.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
                return service;
            }
            catch (InvalidOperationException) when (port is null && attempt < 3 && service.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await service.DisposeAsync();
            }
        }
    }

    private static ServiceProcess Launch(string assemblyPath, IDictionary<string, string> environment, int port, TestServerCertificate? tls)
    {
        var address = new Uri($"{(tls is null ? "http" : "https")}://127.0.0.1:{port}");
        var settings = new Dictionary<string, string>(environment);
        foreach (var (name, value) in tls?.KestrelEnvironment() ?? [])
        {
            settings[name] = value;
        }

        var ca = tls is null ? null : TrustedCa.Load(tls.CaPath, "the test's CA");
        return Launch(assemblyPath, settings, ["--urls", address.ToString().TrimEnd('/')], address, ca);
    }

    /// <summary>
    /// Starts <paramref name="assemblyPath"/> with <paramref name="arguments"/> of the test's own,
    /// for a start that must be refused: waits until the process exits by itself, and fails at
    /// once (killing it) if anything accepts a connection on loopback port <paramref name="watchedPort"/>
    /// meanwhile, which a server listening on a wildcard address there would.
    /// </summary>
    public static async Task<RefusedStart> RunToRefusalAsync(
        string assemblyPath, IDictionary<string, string> environment, IReadOnlyList<string> arguments, int watchedPort)
    {
        await using var service = Launch(assemblyPath, environment, arguments, new Uri($"http://127.0.0.1:{watchedPort}"), ca: null);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!service._process.HasExited)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the service was expected to refuse to start, but it is still running after a minute:\n{service.Output}");
            }

            if (await AcceptsConnectionAsync(watchedPort))
            {
                throw new InvalidOperationException($"the service was expected to refuse to start, but it listens on port {watchedPort}:\n{service.Output}");
            }

            await Task.Delay(50);
        }

        // Without a timeout, WaitForExit also waits for the redirected output to be read to its end.
        service._process.WaitForExit();
        return new RefusedStart(service._process.ExitCode, service.Output);
    }

    private static async Task<bool> AcceptsConnectionAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }

    private static ServiceProcess Launch(string assemblyPath, IDictionary<string, string> environment, IEnumerable<string> arguments, Uri address, TrustedCa? ca)
    {
        environment = new Dictionary<string, string>(environment);
        if (!environment.ContainsKey(RestUrlVariable))
        {
            environment[RestUrlVariable] = $"http://127.0.0.1:{FreePort()}";
        }

        var restAddress = Uri.TryCreate(environment[RestUrlVariable], UriKind.Absolute, out var rest) ? rest : null;
        var start = new ProcessStartInfo("dotnet", [assemblyPath, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, address, restAddress, ca);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public GrpcChannel Channel()
    {
        if (_ca is null)
        {
            return GrpcChannel.ForAddress(Address);
        }

        var handler = new SocketsHttpHandler();
        _ca.ApplyTo(handler.SslOptions);
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Asks the process to stop (SIGTERM, as a container runtime or systemd would) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the process at once (SIGKILL): a crash, with no chance to clean up.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>How often <see cref="StartAsync"/> asks a starting service whether it is SERVING: the resolution of a measured start-up.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private async Task WaitUntilServingAsync(TimeSpan patience)
    {
        using var channel = Channel();
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Without a timeout, WaitForExit also waits for the redirected output to be read to
                // its end, so the message below carries the service's last words.
                _process.WaitForExit();
                throw new InvalidOperationException($"the service exited with code {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet: try again shortly.
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"the service did not answer SERVING within {patience}:\n{Output}");
    }
}

/// <summary>How a service process that was expected not to start ended: its exit code and everything it printed.</summary>
public sealed record RefusedStart(int ExitCode, string Output);
