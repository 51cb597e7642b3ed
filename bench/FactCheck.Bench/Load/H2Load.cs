using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;

namespace FactCheck.Bench.Load;

/// <summary>What one h2load run reported.</summary>
public sealed record H2LoadResult(int Requests, double Seconds, double RequestsPerSecond);

/// <summary>
/// Throughput from nghttp2's h2load: one connection, 64 concurrent streams, every request the
/// same prebuilt gRPC frame (a 5-byte length prefix and the protobuf message) sent with
/// gRPC's headers. h2load sees HTTP statuses only, not gRPC's (those travel in trailers), so
/// callers check the same request once with a real gRPC client first.
/// </summary>
public static partial class H2Load
{
    public const int Streams = 64;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The h2load executable on PATH, or null when nghttp2-client is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "h2load")).FirstOrDefault(File.Exists);

    public static async Task<H2LoadResult> RunAsync(string h2load, Uri server, string method, IMessage request, int requests, string workDirectory)
    {
        var frameFile = Path.Combine(workDirectory, $"{method.Replace('/', '_')}.grpc-frame");
        await File.WriteAllBytesAsync(frameFile, Frame(request));
        var url = new Uri(server, method).ToString();
        var start = new ProcessStartInfo(h2load,
        [
            "-n", requests.ToString(CultureInfo.InvariantCulture), "-c", "1", "-t", "1", "-m", Streams.ToString(CultureInfo.InvariantCulture),
            "-d", frameFile, "-H", "content-type: application/grpc", "-H", "te: trailers", url,
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start h2load");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"h2load did not finish {requests} requests within {Patience}");
        }

        var text = await output;
        var finished = Finished().Match(text);
        var counts = Counts().Match(text);
        if (process.ExitCode != 0 || !finished.Success || !counts.Success || int.Parse(counts.Groups["ok"].Value, CultureInfo.InvariantCulture) != requests
            || !text.Contains($"{requests} 2xx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"h2load {url} did not complete {requests} requests with HTTP 200 (exit {process.ExitCode}):\n{text}\n{await errors}");
        }

        var seconds = double.Parse(finished.Groups["time"].Value, CultureInfo.InvariantCulture) * finished.Groups["unit"].Value switch
        {
            "ms" => 1e-3,
            "us" => 1e-6,
            _ => 1,
        };
        return new H2LoadResult(requests, seconds, double.Parse(finished.Groups["rps"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>A gRPC message on the wire: not compressed (0), its length big-endian, then its bytes.</summary>
    private static byte[] Frame(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1, 4), body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }

    [GeneratedRegex(@"finished in (?<time>[\d.]+)(?<unit>s|ms|us), (?<rps>[\d.]+) req/s")]
    private static partial Regex Finished();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<ok>\d+) succeeded")]
    private static partial Regex Counts();
}
