using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FactCheck.Domain.Webhooks;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace FactCheck.Claims.Webhooks;

/// <summary>
/// Makes one attempt: POSTs a signed event to a webhook's target and says what happened. The
/// target's form is checked again at every attempt, and every address its host resolves to is
/// checked when the connection is made (<see cref="ConnectAsync"/>), so a name that resolves to
/// a private address, now or after a change of DNS, is refused. Redirects are not followed
/// (a 3xx is a failed attempt), at most <see cref="MaxResponseBytes"/> of an answer are read, and
/// the whole attempt runs under a Polly timeout of <see cref="WebhookOptions.AttemptTimeout"/>.
/// </summary>
public sealed class WebhookSender
{
    public const string HttpClientName = "webhooks";
    public const int MaxResponseBytes = 64 * 1024;
    public const string EventIdHeader = "FactCheck-Event-Id";

    private readonly IHttpClientFactory _clients;
    private readonly IOptions<WebhookOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline _timeout;

    public WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
    {
        _clients = clients;
        _options = options;
        _clock = clock;
        _timeout = new ResiliencePipelineBuilder { TimeProvider = clock }.AddTimeout(options.Value.AttemptTimeout).Build();
    }

    /// <summary>The handler behind the webhooks' HttpClient: no redirects, no cookies, the address check at connect.</summary>
    public static SocketsHttpHandler Handler(IOptions<WebhookOptions> options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        // New connections re-resolve the name, and each is checked: a pooled connection lives at most this long.
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = (context, ct) => ConnectAsync(context, options.Value.AllowPrivateTargets, ct),
    };

    public async Task<DeliveryAttempt> SendAsync(string targetUrl, string eventId, byte[] body, string signature, CancellationToken ct)
    {
        var options = _options.Value;
        var started = _clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        DeliveryAttempt Attempt(int status, string error) => new(started, status, error, watch.Elapsed);

        if (WebhookTargets.Check("target_url", targetUrl, options.AllowHttp, options.AllowPrivateTargets) is [var problem, ..])
        {
            return Attempt(0, $"the target URL {problem.Description}");
        }

        try
        {
            return await _timeout.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, targetUrl) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                request.Headers.Add(EventIdHeader, eventId);
                request.Headers.Add(WebhookSignature.HeaderName, signature);
                request.Headers.UserAgent.ParseAdd("FactCheck-Webhooks/1");
                using var response = await _clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                await DrainAsync(response, token);
                var status = (int)response.StatusCode;
                return Attempt(status, status switch
                {
                    >= 200 and < 300 => "",
                    >= 300 and < 400 => $"HTTP {status} {response.ReasonPhrase}: redirects are not followed (set the webhook's target to {response.Headers.Location?.ToString() ?? "the final URL"})",
                    _ => $"HTTP {status} {response.ReasonPhrase}",
                });
            }, ct);
        }
        catch (TimeoutRejectedException)
        {
            return Attempt(0, $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested)
        {
            return Attempt(0, Describe(e));
        }
    }

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        RefusedAddressException refused => refused.Message,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "the host name does not resolve",
        SocketException socket => $"connection failed ({socket.SocketErrorCode})",
        System.Security.Authentication.AuthenticationException => "the TLS handshake failed (is the certificate valid for this name?)",
        _ => e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}",
    };

    /// <summary>Reads and discards the answer, at most <see cref="MaxResponseBytes"/> of it: a receiver cannot make the service read a large body.</summary>
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[8192];
        for (var total = 0; total < MaxResponseBytes;)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, MaxResponseBytes - total)), ct);
            if (read == 0)
            {
                return;
            }

            total += read;
        }
    }

    /// <summary>
    /// Resolves the target's host and connects to its first address that may be used. Every
    /// address is checked (<see cref="WebhookTargets.WhyRefused"/>) unless private targets are
    /// allowed; when none may be used, the attempt fails naming the first refused one.
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(a => WebhookTargets.WhyRefused(a) is null)];
        if (allowed.Length == 0)
        {
            var refused = addresses.FirstOrDefault();
            throw refused is null
                ? new SocketException((int)SocketError.HostNotFound)
                : new RefusedAddressException($"{host} resolves to {refused}, {WebhookTargets.WhyRefused(refused)}; webhooks go to public addresses only (Webhooks:AllowPrivateTargets)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A connection refused because the target's addresses may not be used.</summary>
    private sealed class RefusedAddressException(string message) : IOException(message);
}
