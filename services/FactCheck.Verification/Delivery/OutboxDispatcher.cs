using FactCheck.Verification.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// Keeps delivering queued status changes until none is left, in two lanes that run side by
/// side, so a verdict never waits behind bulk work:
/// <list type="bullet">
/// <item>the verdict lane takes the claims with a verdict queued (one whose immediate delivery ran
/// out of budget, or recorded while the claims service was away), the one waiting longest first;</item>
/// <item>the backlog lane takes everything else queued (overdue checks from the sweep, reconcile
/// deliveries), at most <see cref="VerificationOptions.BacklogConcurrency"/> claims at a time, so a
/// hundred thousand overdue checks draining leave the claims service and the database room for
/// verdicts; before each claim it lets the verdicts under way finish (<see cref="VerdictsFirst"/>).</item>
/// </list>
/// Each claim's rows are delivered in order whichever lane takes it (<see cref="ClaimLocks"/>
/// keeps two deliverers of one claim apart). A lane goes round again at once while it finds a full
/// round of work, and otherwise waits until something is queued for it or
/// <see cref="VerificationOptions.DispatchInterval"/> passes. On shutdown it stops between calls;
/// whatever was not delivered stays queued in the database for the next start.
/// </summary>
public sealed class OutboxDispatcher(
    IVerdictStore store, DeliveryProcessor processor, DeliverySignal signal, VerdictsFirst verdictsFirst, IOptions<VerificationOptions> options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private const int ClaimsPerRound = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(
            RunLaneAsync(OutboxLane.Verdicts, concurrency: 1, stoppingToken),
            RunLaneAsync(OutboxLane.Backlog, options.Value.BacklogConcurrency, stoppingToken));
        logger.DispatcherStopped();
    }

    private async Task RunLaneAsync(OutboxLane lane, int concurrency, CancellationToken stoppingToken)
    {
        // Off the caller's thread: the two lanes must not run their first rounds one after the other.
        await Task.Yield();
        var failed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (failed)
                {
                    await Task.Delay(options.Value.DispatchInterval, stoppingToken);
                    failed = false;
                }

                var claims = await store.ClaimsWithQueuedAsync(lane, ClaimsPerRound, stoppingToken);
                var delivered = 0;
                await Parallel.ForEachAsync(
                    claims, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stoppingToken },
                    async (claimId, ct) =>
                    {
                        if (await DeliverAsync(lane, claimId, ct))
                        {
                            Interlocked.Increment(ref delivered);
                        }
                    });

                // A full round that got somewhere means more is waiting: go again without a pause.
                // A short round, or one where every claim stayed queued (the claims service away),
                // waits for a signal or the interval.
                if (claims.Count < ClaimsPerRound || delivered == 0)
                {
                    await signal.WaitAsync(lane, options.Value.DispatchInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A failure here must not stop delivery for good: the next round tries again. The
                // database away or full is logged once per outage where its faults are counted.
                if (!store.IsDatabaseFault(e))
                {
                    logger.RoundFailed(e, options.Value.DispatchInterval);
                }

                failed = true;
            }
        }
    }

    /// <summary>A verdict lane delivery counts as a verdict under way; the backlog lane lets those finish first (<see cref="VerdictsFirst"/>).</summary>
    private async Task<bool> DeliverAsync(OutboxLane lane, string claimId, CancellationToken ct)
    {
        if (lane == OutboxLane.Verdicts)
        {
            using var underWay = verdictsFirst.Begin();
            return await processor.DeliverClaimAsync(claimId, null, ct);
        }

        await verdictsFirst.YieldAsync(ct);
        return await processor.DeliverClaimAsync(claimId, null, ct);
    }
}
