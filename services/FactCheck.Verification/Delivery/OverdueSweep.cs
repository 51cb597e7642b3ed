using FactCheck.Verification.ClaimsClient;
using FactCheck.Verification.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// Every <see cref="VerificationOptions.SweepInterval"/> (on the injected clock, so tests move
/// time), asks the claims service for UNVERIFIED and PENDING claims whose due time has passed and
/// queues an overdue check for each. The check goes through the same outbox and delivery as
/// verdicts, so it is ordered with them and never applied twice, in the dispatcher's backlog
/// lane, so a large sweep never holds up a verdict (<see cref="OutboxDispatcher"/>).
/// </summary>
public sealed class OverdueSweep(
    ClaimsGateway claims, IVerdictStore store, DeliverySignal signal, TimeProvider clock, IOptions<VerificationOptions> options, ILogger<OverdueSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed sweep (the database away, a failover) must not stop the service:
                    // the next tick sweeps again and queues what this one missed. The database's
                    // own faults are logged once per outage where they are counted.
                    if (!store.IsDatabaseFault(e))
                    {
                        logger.SweepFailed(e);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down between sweeps; the next start sweeps at once.
        }
    }

    /// <summary>Queues an overdue check for every waiting claim past due. Returns how many it queued.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        using var span = DeliveryTelemetry.StartSweep();
        var now = clock.GetUtcNow();
        IReadOnlyList<Domain.ClaimSnapshot> due;
        switch (await claims.ListWaitingDueBeforeAsync(now, ct))
        {
            case DueClaimsLookup.Listed(var listed):
                due = listed;
                break;
            case DueClaimsLookup.Unanswered(var why):
                logger.SweepSkipped(why.Error, options.Value.SweepInterval);
                return 0;
            default:
                throw new InvalidOperationException("unknown lookup outcome");
        }

        var queued = await store.QueueOverdueAsync(due.Select(c => c.ClaimId).ToList(), ct);
        span?.SetTag("factcheck.sweep.queued", queued);
        if (queued > 0)
        {
            logger.SweepQueued(queued);
            signal.Notify(OutboxLane.Backlog);
        }

        return queued;
    }
}
