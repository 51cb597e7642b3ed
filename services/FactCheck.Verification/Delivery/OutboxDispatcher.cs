using FactCheck.Verification.Storage;
using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// Keeps delivering queued status changes until none is left: claim by claim, the one waiting
/// longest first, each claim's rows in order. Wakes when something is queued and otherwise
/// every <see cref="VerificationOptions.DispatchInterval"/>. On shutdown it stops between calls;
/// whatever was not delivered stays queued in the database for the next start.
/// </summary>
public sealed class OutboxDispatcher(
    IVerdictStore store, DeliveryProcessor processor, DeliverySignal signal, IOptions<VerificationOptions> options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private const int ClaimsPerRound = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

                foreach (var claimId in await store.ClaimsWithQueuedAsync(ClaimsPerRound, stoppingToken))
                {
                    await processor.DeliverClaimAsync(claimId, null, stoppingToken);
                }

                await signal.WaitAsync(options.Value.DispatchInterval, stoppingToken);
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

        logger.DispatcherStopped();
    }
}
