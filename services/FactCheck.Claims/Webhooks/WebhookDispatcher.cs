using System.Collections.Concurrent;
using System.Text;
using FactCheck.Claims.Grpc;
using FactCheck.Claims.Storage;
using FactCheck.Domain.Webhooks;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Webhooks;

/// <summary>
/// Delivers webhooks. Each round it queues the committed events the webhooks want
/// (<see cref="ClaimStore.FanOutAsync"/>), then starts a lane for each webhook with a delivery
/// due, up to <see cref="WebhookOptions.Concurrency"/> lanes. A lane leases its webhook's due
/// deliveries (the first of each claim's queue) and makes one attempt each, in order, storing
/// each outcome: delivered, a retry at the <see cref="DeliverySchedule"/>'s time, or failed once
/// the retry period is over, which pauses the webhook with the reason. A webhook has one lane at a
/// time, so a slow receiver holds only its own. A round starts when this replica commits a change,
/// and otherwise every <see cref="WebhookOptions.PollInterval"/> (changes made through other
/// replicas, retries coming due). Anything not delivered stays in the database, leased at most
/// until its lease ends, for the next start or another replica.
/// </summary>
public sealed partial class WebhookDispatcher : BackgroundService
{
    private const int EventsPerWebhook = 500;
    private const int DeliveriesPerLease = 8;

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    private readonly ClaimStore _store;
    private readonly WebhookSender _sender;
    private readonly WebhookSecrets _secrets;
    private readonly DeliverySchedule _schedule;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _clock;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly ConcurrentDictionary<string, Task> _lanes = new(StringComparer.Ordinal);
    private readonly string _deliverer = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private TaskCompletionSource _wake = NewSignal();

    public WebhookDispatcher(ClaimStore store, WebhookSender sender, WebhookSecrets secrets, DeliverySchedule schedule, ClaimCommits commits,
        IOptions<WebhookOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<WebhookDispatcher> logger)
    {
        _store = store;
        _sender = sender;
        _secrets = secrets;
        _schedule = schedule;
        _options = options.Value;
        _clock = clock;
        _lifetime = lifetime;
        _logger = logger;
        commits.Subscribe(_ => Wake());
    }

    /// <summary>Starts a round now (a change committed here, a webhook resumed, an event redelivered).</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After start-up, so the first rounds do not compete with migrations and warm-up.
        await WhenStartedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = Volatile.Read(ref _wake).Task;
            try
            {
                await _store.FanOutAsync(EventsPerWebhook, stoppingToken);
                if (_options.Enabled)
                {
                    await StartLanesAsync(stoppingToken);
                }

                var (pending, oldest) = await _store.DeliveryBacklogAsync(stoppingToken);
                WebhookTelemetry.Backlog(pending, oldest is { } queued ? _clock.GetUtcNow() - queued : TimeSpan.Zero);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The next round tries again; nothing is lost, it is all in the database. The
                // database away or full is logged once per outage where its faults are counted.
                if (!_store.IsDatabaseFault(e))
                {
                    LogRoundFailed(_logger, e, _options.PollInterval);
                }
            }

            // WhenAny never throws: a cancelled delay (shutting down) just ends the wait.
            await Task.WhenAny(woken, Task.Delay(_options.PollInterval, _clock, stoppingToken));
        }

        // Each lane ends at the token and catches its own failures.
        await Task.WhenAll(_lanes.Values);
    }

    private async Task StartLanesAsync(CancellationToken ct)
    {
        var free = _options.Concurrency - _lanes.Count;
        if (free <= 0)
        {
            return;
        }

        foreach (var webhookId in await _store.DueWebhooksAsync(_clock.GetUtcNow(), _options.Concurrency, ct))
        {
            if (free == 0)
            {
                break;
            }

            if (!_lanes.ContainsKey(webhookId))
            {
                _lanes[webhookId] = Task.Run(() => RunLaneAsync(webhookId, ct), CancellationToken.None);
                free--;
            }
        }
    }

    private async Task RunLaneAsync(string webhookId, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var now = _clock.GetUtcNow();
                // Long enough for every leased attempt to time out, and one more: a live lane never loses
                // its lease, and a dead replica's deliveries pass to another within that time.
                var leaseUntil = now + (_options.AttemptTimeout * (DeliveriesPerLease + 2));
                var due = await _store.LeaseDueAsync(_deliverer, now, leaseUntil, DeliveriesPerLease, ct, webhookId);
                if (due.Count == 0)
                {
                    return;
                }

                // The secrets once per lease, not once per attempt: they change only by a rotation, which
                // the next lease sees.
                var keys = await SigningKeysAsync(webhookId, now, ct);
                foreach (var delivery in due)
                {
                    await DeliverAsync(delivery, keys, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: what was leased stays pending, and its lease ends on its own.
        }
        catch (Exception e) when (!_store.IsDatabaseFault(e))
        {
            LogLaneFailed(_logger, e, webhookId);
        }
        catch (Exception)
        {
            // The database's fault, counted and logged once per outage: the lane's deliveries stay pending for the next round.
        }
        finally
        {
            _lanes.TryRemove(webhookId, out _);
            Wake();
        }
    }

    private async Task DeliverAsync(DueDelivery delivery, IReadOnlyList<byte[]> keys, CancellationToken ct)
    {
        var eventId = WebhookEvents.Id(delivery.Sequence);
        var change = (await _store.ReadEventsAsync(delivery.Sequence - 1, 1, ct)).Single();
        using var activity = WebhookTelemetry.StartAttempt(delivery.WebhookId, eventId, delivery.ClaimId, delivery.AttemptCount + 1, change.TraceParent);
        var body = Encoding.UTF8.GetBytes(Json.Format(Payload(delivery.WebhookId, change)));
        var signature = WebhookSignature.Header(body, _clock.GetUtcNow(), keys);
        var attempt = await _sender.SendAsync(delivery.TargetUrl, eventId, body, signature, ct);

        var (state, next, pause, outcome) = (DeliveryState.Delivered, (DateTimeOffset?)null, (string?)null, "delivered");
        if (attempt.Error.Length > 0)
        {
            next = _schedule.NextAttempt(delivery.Pk, delivery.AttemptCount + 1, delivery.FirstAttemptTime ?? attempt.Time, _clock.GetUtcNow());
            (state, outcome) = next is null ? (DeliveryState.Failed, "failed") : (DeliveryState.Pending, "retry");
            if (next is null)
            {
                pause = $"paused by the service at {_clock.GetUtcNow():u}: the delivery of {eventId} failed for {_options.RetryPeriod} (last attempt: {attempt.Error}); resume it once the receiver works";
            }
        }

        WebhookTelemetry.Attempted(activity, attempt, outcome);
        if (!await _store.RecordAttemptAsync(delivery.Pk, _deliverer, attempt, state, next, pause, CancellationToken.None))
        {
            LogLeaseLost(_logger, eventId, delivery.WebhookId);
        }
        else if (pause is not null)
        {
            LogPaused(_logger, delivery.WebhookId, eventId, attempt.Error);
        }
    }

    /// <summary>The body of a delivery: the event as WebhookEvent, addressed to the webhook.</summary>
    private static Api.WebhookEvent Payload(string webhookId, ClaimEvent change)
    {
        var proto = ClaimMapper.ToProto(change);
        var payload = new Api.WebhookEvent
        {
            EventId = WebhookEvents.Id(change.Sequence),
            Webhook = WebhookName.Of(webhookId),
            Type = proto.Type,
            Sequence = proto.Sequence,
            Claim = proto.Claim,
            PreviousStatus = proto.PreviousStatus,
            Time = proto.Time,
            Actor = proto.Actor,
            Reason = proto.Reason,
        };
        payload.Evidence.AddRange(proto.Evidence);
        return payload;
    }

    /// <summary>The current secret, and the previous one while its grace period lasts.</summary>
    private async Task<IReadOnlyList<byte[]>> SigningKeysAsync(string webhookId, DateTimeOffset now, CancellationToken ct)
    {
        var sealedSecrets = await _store.ReadWebhookSecretsAsync(webhookId, ct);
        return sealedSecrets is { Previous: { } previous, PreviousUntil: { } until } && until > now
            ? [_secrets.Unseal(sealedSecrets.Current), _secrets.Unseal(previous)]
            : [_secrets.Unseal(sealedSecrets.Current)];
    }

    private async Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(ct);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook round failed; the next one, in {Interval}, tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception error, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering to webhook {Webhook} failed; its deliveries stay pending for the next round")]
    private static partial void LogLaneFailed(ILogger logger, Exception error, string webhook);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {EventId} for webhook {Webhook} ended before its attempt was stored; another deliverer has it")]
    private static partial void LogLeaseLost(ILogger logger, string eventId, string webhook);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Webhook} paused: the delivery of {EventId} failed for the whole retry period (last: {Error})")]
    private static partial void LogPaused(ILogger logger, string webhook, string eventId, string error);
}
