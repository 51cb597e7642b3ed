using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactCheck.Testing;

/// <summary>One POST a <see cref="WebhookReceiver"/> received: its headers of interest, its raw body, and the answer it got.</summary>
public sealed record ReceivedPost(string EventId, string Signature, byte[] Body, int AnsweredWith)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A webhook receiver on a free loopback port over real HTTP: it records every POST and answers
/// as <see cref="Answer"/> says (200 unless told otherwise); a held receiver (<see cref="Hold"/>)
/// answers nothing until it is disposed, as a receiver that hangs.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedPost> _posts = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Decides the status code for the n-th POST (0-based); a 3xx answer carries Location: /elsewhere.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status200OK;

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _held;

    /// <summary>From now on, every POST waits without answering until the receiver is disposed (or the caller gives up).</summary>
    public void Hold() => _held = true;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ReceivedPost> Posts => [.. _posts];

    /// <summary>The posts that were answered 2xx.</summary>
    public IReadOnlyList<ReceivedPost> Accepted => [.. _posts.Where(p => p.AnsweredWith is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var n = Interlocked.Increment(ref count) - 1;
            if (receiver._held)
            {
                await receiver._released.Task.WaitAsync(context.RequestAborted);
            }

            var status = receiver.Answer(n);
            receiver._posts.Enqueue(new ReceivedPost(
                context.Request.Headers["FactCheck-Event-Id"].ToString(), context.Request.Headers["FactCheck-Signature"].ToString(), body.ToArray(), status));
            if (status is >= 300 and < 400)
            {
                context.Response.Headers.Location = "/elsewhere";
            }

            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(address + "/hooks/factcheck");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _app.DisposeAsync();
    }
}
