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

    /// <summary>
    /// Queues an overdue check for every waiting claim past due, page by page as the claims
    /// service lists them, so the backlog lane starts on the first page while later ones are still
    /// being listed. Returns how many it queued. If the claims service stops answering part-way,
    /// what was queued stays queued and the next sweep lists again from the start (a claim already
    /// queued is not queued twice).
    /// </summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        using var span = DeliveryTelemetry.StartSweep();
        var now = clock.GetUtcNow();
        var queued = 0;
        var pageToken = "";
        do
        {
            switch (await claims.ListWaitingDueBeforeAsync(now, pageToken, ct))
            {
                case DueClaimsLookup.Listed(var listed, var next):
                    var added = await store.QueueOverdueAsync(listed.Select(c => c.ClaimId).ToList(), ct);
                    if (added > 0)
                    {
                        queued += added;
                        signal.Notify(OutboxLane.Backlog);
                    }

                    pageToken = next;
                    break;
                case DueClaimsLookup.Unanswered(var why):
                    logger.SweepSkipped(why.Error, options.Value.SweepInterval);
                    pageToken = "";
                    break;
                default:
                    throw new InvalidOperationException("unknown lookup outcome");
            }
        }
        while (pageToken.Length > 0);

        span?.SetTag("factcheck.sweep.queued", queued);
        if (queued > 0)
        {
            logger.SweepQueued(queued);
        }

        return queued;
    }
}
