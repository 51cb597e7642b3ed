using System.Text.Json;
using FactCheck.Contracts.V1;
using FactCheck.Web.Services;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace FactCheck.Web.Live;

/// <summary>
/// <c>GET /claims/{id}/events?after=N</c>: server-sent events for one claim's open page, N being
/// the sequence of the claim's last event the page showed. First the claim as it stands (so a
/// change between the page's rendering and this request is not missed), then one "status" event
/// after each later change, each carrying the status, its detail and the page's ClaimReview
/// JSON-LD (see <see cref="StatusUpdate"/>), with the change's sequence as the event's id. N only
/// decides what this reader is sent: changes at or below it, or below one already sent, are
/// dropped. A comment line every <see cref="KeepAlive"/> notices a reader gone without closing;
/// the response ends when the reader leaves, the application stops, or after
/// Web:MaxLiveStreamLifetime (the browser reconnects after <see cref="RetryMilliseconds"/>).
/// </summary>
public static class ClaimEventsEndpoint
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    /// <summary>How long a browser waits before reconnecting after the stream ended (EventSource's retry field).</summary>
    public const int RetryMilliseconds = 3000;

    public static void MapClaimEvents(this IEndpointRouteBuilder app) =>
        app.MapGet("/claims/{id}/events", StreamAsync);

    private static async Task StreamAsync(
        string id, long? after, HttpContext context, LiveClaims live, ClaimPages pages, StatusUpdates updates, IOptions<WebSettings> settings, IHostApplicationLifetime lifetime)
    {
        if (ClaimRoute.Name(id) is not { } name)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var subscription = live.Subscribe(name, context.Connection.RemoteIpAddress?.ToString() ?? "");
        if (subscription is null)
        {
            // Too many live readers: this page goes without updates (its script stops), a reload still shows a change.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "60";
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var lifetimeEnd = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        lifetimeEnd.CancelAfter(settings.Value.MaxLiveStreamLifetime);
        ClaimEvent? current;
        try
        {
            // Read after subscribing: a change from now on reaches the subscription, one before is in what is read.
            current = await pages.LastEventAsync(name, stop.Token);
        }
        catch (RpcException e) when (Outcomes.IsOutage(e.StatusCode))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (current is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        subscription.Start(current.Sequence);
        var shown = Math.Max(after ?? 0, current.Sequence);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        // Tells a buffering proxy (nginx) to pass each event on at once.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync($"retry: {RetryMilliseconds}\n\n", stop.Token);
        try
        {
            await SendAsync(response, current.Sequence, updates.Of(current.Claim), stop.Token);
            while (true)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(lifetimeEnd.Token);
                tick.CancelAfter(KeepAlive);
                try
                {
                    if (!await subscription.Changes.WaitToReadAsync(tick.Token))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (lifetimeEnd.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    // Long enough: the slot goes back, and the browser reconnects (or not, from a page no longer looked at).
                    return;
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", stop.Token);
                    await response.Body.FlushAsync(stop.Token);
                    continue;
                }

                while (subscription.Changes.TryRead(out var change))
                {
                    if (change.Sequence > shown)
                    {
                        shown = change.Sequence;
                        await SendAsync(response, change.Sequence, updates.Of(change.Claim), stop.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The reader left or the application is stopping: the response simply ends.
        }
    }

    private static async Task SendAsync(HttpResponse response, long sequence, StatusUpdate update, CancellationToken cancel)
    {
        await response.WriteAsync($"event: status\nid: {sequence}\ndata: {JsonSerializer.Serialize(update, StatusUpdate.Json)}\n\n", cancel);
        await response.Body.FlushAsync(cancel);
    }
}
