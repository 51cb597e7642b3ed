using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using FactCheck.Contracts.V1;
using FactCheck.Domain;
using FactCheck.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// One claims service process on loopback for the wire-abuse tests, secured with
/// <see cref="TestKeys.Claims"/> and <see cref="WatcherKeys"/> (readers, enough of them that a
/// thousand watchers fit under <c>Limits:MaxWatchersPerCaller</c>), and what the tests measure
/// of it: its resident memory, and whether it still serves.
/// </summary>
public sealed class WireAbuseService : IAsyncLifetime, IDisposable
{
    /// <summary>The default <c>Limits:MaxWatchersPerCaller</c>, as the service runs with it.</summary>
    public const int WatchersPerKey = FactCheck.ServiceDefaults.CallerLimits.DefaultMaxWatchersPerCaller;

    public const string GetClaimPath = "/factcheck.v1.ClaimsService/GetClaim";

    public const string CreateClaimPath = "/factcheck.v1.ClaimsService/CreateClaim";

    private readonly TempFolder _folder = new("factcheck-wire-abuse-");
    private ServiceProcess? _process;

    /// <summary>63 reader keys: 63 × 16 watchers is over a thousand.</summary>
    public static IReadOnlyList<TestKey> WatcherKeys { get; } =
        [.. Enumerable.Range(0, 63).Select(i => new TestKey($"wire-watcher-key-{i:D2}", $"wire-watcher-{i:D2}", Role.Reader))];

    public ServiceProcess Process => _process ?? throw new InvalidOperationException("not started");

    public Uri Address => Process.Address;

    /// <summary>A claim that exists, for the checks' GetClaim.</summary>
    public string KnownClaim { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var environment = TestKeys.Environment(TestKeys.Claims.Concat(WatcherKeys));
        environment["ConnectionStrings__Claims"] = _folder.ClaimsDb;
        _process = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        KnownClaim = (await Client(TestKeys.Newsroom).CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline)).Name;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    /// <summary>After <see cref="DisposeAsync"/>: the process is gone, so its database can go.</summary>
    public void Dispose() => _folder.Dispose();

    public ClaimsService.ClaimsServiceClient Client(TestKey key, GrpcChannel? channel = null) =>
        new((channel ?? Process.Channel()).WithKey(key.Key));

    /// <summary>
    /// The service answers a health check (grpc.health.v1, SERVING), and a client that took no
    /// part in the abuse (the desk's key, a connection of its own) reads a claim and creates one.
    /// </summary>
    public async Task AssertServesAsync()
    {
        Assert.False(Process.HasExited, $"the service exited with code {(Process.HasExited ? Process.ExitCode : 0)}:\n{Process.Output}");
        using var channel = Process.Channel();
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Deadline);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var desk = Client(TestKeys.Desk, channel);
        Assert.Equal(KnownClaim, (await desk.GetClaimAsync(new GetClaimRequest { Name = KnownClaim }, deadline: Deadline)).Name);
        var created = await desk.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);
        Assert.StartsWith("claims/", created.Name, StringComparison.Ordinal);
    }

    /// <summary>The process's resident memory now (VmRSS), in bytes.</summary>
    public long Rss => Status("VmRSS");

    /// <summary>The most the process's resident memory reached since <see cref="ResetPeak"/> (VmHWM), in bytes.</summary>
    public long PeakRss => Status("VmHWM");

    /// <summary>Starts a new high-water mark of resident memory (Linux: 5 written to /proc/{id}/clear_refs).</summary>
    public void ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Process.Id}/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Then the peak is the process's lifetime peak: still an upper bound.
        }
    }

    private long Status(string field)
    {
        var line = File.ReadLines($"/proc/{Process.Id}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kilobytes = line[(field.Length + 1)..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>An HttpClient speaking HTTP/2 with prior knowledge (no TLS, no upgrade), for requests a gRPC client would not send.</summary>
    public HttpClient Http() => new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = Address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A gRPC request by hand: POST to <paramref name="path"/> with <paramref name="body"/> as the framed bytes, presenting <paramref name="key"/>.</summary>
    public static HttpRequestMessage GrpcRequest(string path, HttpContent body, TestKey key, string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        return request;
    }

    /// <summary>One gRPC frame: the compressed flag, the length the prefix claims (big-endian), and <paramref name="payload"/>, whatever its real length.</summary>
    public static byte[] GrpcFrame(bool compressed, uint claimedLength, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), claimedLength);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole answer; returns its grpc-status (from the trailers, or the headers of a trailers-only answer).</summary>
    public static async Task<StatusCode> SendForStatusAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single()
            : throw new Xunit.Sdk.XunitException($"HTTP {(int)response.StatusCode} without grpc-status");
        return (StatusCode)int.Parse(status, CultureInfo.InvariantCulture);
    }

    /// <summary>Opens a TCP connection to the service, writes <paramref name="bytes"/>, and closes it (reading whatever the server answers until it closes, within a few seconds).</summary>
    public async Task<int> SendRawAsync(byte[] bytes, bool waitForClose)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Address.Port);
        var stream = client.GetStream();
        var answered = 0;
        try
        {
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
            if (waitForClose)
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var buffer = new byte[4096];
                int read;
                while ((read = await stream.ReadAsync(buffer, patience.Token)) > 0)
                {
                    answered += read;
                }
            }
        }
        catch (IOException)
        {
            // The server reset the connection: one of the answers to garbage.
        }

        return answered;
    }
}
