using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Grpc.Core;
using Xunit.Abstractions;
using static FactCheck.EndToEnd.Tests.VerificationScenario;
using static FactCheck.EndToEnd.Tests.WireAbuseService;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// What may arrive on the wire, sent to a real claims service process on loopback: bytes that
/// are not HTTP/2, HTTP/2 frames cut short, gRPC frames whose length lies, messages over the
/// size limit, plain and compressed, thousands of streams opened and dropped, a thousand idle
/// watchers and watchers that never read. After each, the process is still running, answers
/// its health check and another client's reads and writes, and its resident memory is within
/// <see cref="MemoryAllowance"/> of what it was before (the figures go to the test output).
/// </summary>
public sealed class WireAbuseTests(WireAbuseService service, ITestOutputHelper output) : IClassFixture<WireAbuseService>
{
    /// <summary>Generous, but far below what holding the abuse in memory would take (the compressed message alone expands to 256 MiB).</summary>
    private const long MemoryAllowance = 200L * 1024 * 1024;

    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    [Fact]
    public Task Garbage_bytes_on_the_port() => SurvivesAsync("garbage bytes", async () =>
    {
        var random = new Random(10);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var garbage = new byte[64 * 1024];
            random.NextBytes(garbage);
            await service.SendRawAsync(garbage, waitForClose: true);
        }));
    });

    [Fact]
    public Task Http2_frames_cut_short() => SurvivesAsync("truncated HTTP/2 frames", async () =>
    {
        // A HEADERS frame on stream 1 that claims 16 KiB and carries 100 bytes, and a frame header cut after 5 of its 9 bytes.
        var settings = Http2Frame(0, type: 0x4, flags: 0, stream: 0, []);
        byte[] shortHeaders = [.. Preface, .. settings, .. Http2Frame(16 * 1024, type: 0x1, flags: 0x4, stream: 1, new byte[100])];
        byte[] shortFrameHeader = [.. Preface, .. settings, .. Http2Frame(100, type: 0x0, flags: 0, stream: 1, [])[..5]];
        for (var round = 0; round < 25; round++)
        {
            await Task.WhenAll(service.SendRawAsync(shortHeaders, waitForClose: false), service.SendRawAsync(shortFrameHeader, waitForClose: false));
        }
    });

    [Fact]
    public Task Grpc_frames_whose_length_prefix_lies() => SurvivesAsync("lying gRPC length prefixes", async () =>
    {
        using var http = service.Http();
        var codes = new List<StatusCode>();

        // Claims 1,000 bytes, sends 10, and ends the stream.
        for (var i = 0; i < 50; i++)
        {
            codes.Add(await SendForStatusAsync(http, GrpcRequest(GetClaimPath, new ByteArrayContent(GrpcFrame(false, 1000, new byte[10])), TestKeys.Reader)));
        }

        Assert.All(codes, code => Assert.NotEqual(StatusCode.OK, code));

        // Claims 2 MiB, over the limit: refused on the prefix alone. Claims 4 GiB, past what the
        // prefix's reader takes: refused too, but gRPC answers that one UNKNOWN (docs/security.md says so).
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(StatusCode.ResourceExhausted, await SendForStatusAsync(http, GrpcRequest(GetClaimPath, new ByteArrayContent(GrpcFrame(false, 2 * 1024 * 1024, new byte[10])), TestKeys.Reader)));
            Assert.Equal(StatusCode.Unknown, await SendForStatusAsync(http, GrpcRequest(GetClaimPath, new ByteArrayContent(GrpcFrame(false, uint.MaxValue, new byte[10])), TestKeys.Reader)));
        }

        // Claims 100,000 bytes, sends 10, and then the caller goes away (RST_STREAM) instead of ending the stream.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var request = GrpcRequest(GetClaimPath, new StalledContent(GrpcFrame(false, 100_000, new byte[10])), TestKeys.Reader);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token));
        }));
    });

    [Fact]
    public Task Messages_over_the_size_limit() => SurvivesAsync("messages over Limits:MaxMessageBytes", async () =>
    {
        var newsroom = service.Client(TestKeys.Newsroom);
        var claim = Agreement();
        claim.Text = new string('t', 2 * 1024 * 1024);
        for (var i = 0; i < 20; i++)
        {
            await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = claim }, deadline: Deadline).ResponseAsync);
        }
    });

    [Fact]
    public Task A_compressed_message_that_expands_past_the_limit() => SurvivesAsync("gzip messages expanding to 256 MiB", async () =>
    {
        // 256 MiB of zeros compresses to well under the 1 MiB limit: refused while it is inflated, not after.
        var bomb = Gzip(256 * 1024 * 1024);
        Assert.InRange(bomb.Length, 1, FactCheck.ServiceDefaults.MessageLimits.DefaultMaxMessageBytes);
        using var http = service.Http();
        for (var i = 0; i < 5; i++)
        {
            var request = GrpcRequest(CreateClaimPath, new ByteArrayContent(GrpcFrame(true, (uint)bomb.Length, bomb)), TestKeys.Newsroom, encoding: "gzip");
            Assert.Equal(StatusCode.ResourceExhausted, await SendForStatusAsync(http, request));
        }
    }, peakAllowance: MemoryAllowance);

    [Fact]
    public Task Two_thousand_streams_opened_and_dropped() => SurvivesAsync("2,000 streams opened and dropped", async () =>
    {
        var newsroom = service.Client(TestKeys.Newsroom);
        for (var batch = 0; batch < 20; batch++)
        {
            var calls = Enumerable.Range(0, 100).Select(i => i % 2 == 0
                ? (IDisposable)newsroom.WatchClaims(new WatchClaimsRequest())
                : newsroom.GetClaimAsync(new GetClaimRequest { Name = service.KnownClaim })).ToList();
            await Task.Yield();
            calls.ForEach(c => c.Dispose());
        }

        // Every dropped call gave its slot back: the same key opens as many watchers as it may.
        await Eventually.Until(async () => await OpensWatchersAsync(service.Client(TestKeys.Newsroom), WatchersPerKey), done => done, "the dropped calls' slots to be free");
    });

    [Fact]
    public Task A_thousand_idle_watchers() => SurvivesAsync("1,000 idle watchers", async () =>
    {
        var calls = new List<AsyncServerStreamingCall<ClaimEvent>>();
        var channels = WatcherKeys.Select(_ => service.Process.Channel()).ToList();
        try
        {
            var after = await LatestSequenceAsync();
            var opened = new List<Task>();
            for (var i = 0; i < 1000; i++)
            {
                var call = service.Client(WatcherKeys[i / WatchersPerKey], channels[i / WatchersPerKey]).WatchClaims(new WatchClaimsRequest { AfterSequence = after - 1 });
                calls.Add(call);
                opened.Add(FirstEventAsync(call));
            }

            await Task.WhenAll(opened);

            // One more on a full key is refused; the service serves everyone else meanwhile.
            using var extra = service.Client(WatcherKeys[0], channels[0]).WatchClaims(new WatchClaimsRequest { AfterSequence = after - 1 });
            await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => FirstEventAsync(extra));
            await Task.Delay(TimeSpan.FromSeconds(2));
            await service.AssertServesAsync();
            output.WriteLine($"with 1,000 watchers open: RSS {Mb(service.Rss)}");
        }
        finally
        {
            calls.ForEach(c => c.Dispose());
            channels.ForEach(c => c.Dispose());
        }
    });

    [Fact]
    public Task Watchers_that_never_read() => SurvivesAsync("slow readers while 300 claims are written", async () =>
    {
        // Ten watchers from the start that never read: the service may only buffer what HTTP/2 flow control lets through.
        var slow = Enumerable.Range(0, 10).Select(_ => service.Client(TestKeys.Reader).WatchClaims(new WatchClaimsRequest())).ToList();
        try
        {
            var newsroom = service.Client(TestKeys.Newsroom);
            await Parallel.ForAsync(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, cancel) =>
            {
                var claim = Agreement();
                claim.Text = $"{i}: " + new string('x', 3500);
                await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = claim }, deadline: Deadline, cancellationToken: cancel);
            });
            await service.AssertServesAsync();
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    });

    /// <summary>
    /// Runs <paramref name="abuse"/>, then requires the service to serve and its resident memory
    /// to be within <see cref="MemoryAllowance"/> of before (and, when given, its peak within
    /// <paramref name="peakAllowance"/>), printing the figures.
    /// </summary>
    private async Task SurvivesAsync(string what, Func<Task> abuse, long? peakAllowance = null)
    {
        await service.AssertServesAsync();
        var before = service.Rss;
        service.ResetPeak();
        var clock = Stopwatch.StartNew();

        await abuse();

        await service.AssertServesAsync();
        var (after, peak) = (service.Rss, service.PeakRss);
        output.WriteLine($"{what}: RSS before {Mb(before)}, after {Mb(after)}, peak {Mb(peak)}; {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"[wire abuse] {what}: RSS before {Mb(before)}, after {Mb(after)}, peak {Mb(peak)}; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(after < before + MemoryAllowance, $"{what}: resident memory grew from {Mb(before)} to {Mb(after)}");
        if (peakAllowance is { } allowance)
        {
            Assert.True(peak < before + allowance, $"{what}: resident memory peaked at {Mb(peak)} (from {Mb(before)})");
        }
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F0} MB";

    /// <summary>An HTTP/2 frame: 24-bit length (as claimed, whatever <paramref name="payload"/> holds), type, flags, stream id.</summary>
    private static byte[] Http2Frame(int length, byte type, byte flags, int stream, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        (frame[0], frame[1], frame[2], frame[3], frame[4]) = ((byte)(length >> 16), (byte)(length >> 8), (byte)length, type, flags);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
        payload.CopyTo(frame, 9);
        return frame;
    }

    private static byte[] Gzip(int zeros)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            var chunk = new byte[1024 * 1024];
            for (var written = 0; written < zeros; written += chunk.Length)
            {
                gzip.Write(chunk);
            }
        }

        return compressed.ToArray();
    }

    /// <summary>The sequence of a claim created now: a watcher from just before it has an event at once, and not a backlog.</summary>
    private async Task<long> LatestSequenceAsync()
    {
        var newsroom = service.Client(TestKeys.Newsroom);
        var created = await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);
        var history = await newsroom.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = created.Name }, deadline: Deadline);
        return history.Events.Max(e => e.Sequence);
    }

    private static async Task FirstEventAsync(AsyncServerStreamingCall<ClaimEvent> call)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await call.ResponseStream.MoveNext(patience.Token), "the watch ended before its first event");
    }

    /// <summary>Whether <paramref name="count"/> watchers of one caller all open (each delivers its first event), closing them again.</summary>
    private async Task<bool> OpensWatchersAsync(ClaimsService.ClaimsServiceClient client, int count)
    {
        var after = await LatestSequenceAsync();
        var calls = Enumerable.Range(0, count).Select(_ => client.WatchClaims(new WatchClaimsRequest { AfterSequence = after - 1 })).ToList();
        try
        {
            await Task.WhenAll(calls.Select(FirstEventAsync));
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            return false;
        }
        finally
        {
            calls.ForEach(c => c.Dispose());
        }
    }

    /// <summary>A request body that sends <paramref name="start"/> and then nothing more, until the request is cancelled.</summary>
    private sealed class StalledContent(byte[] start) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(start, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
