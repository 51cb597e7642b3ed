using Microsoft.Extensions.Options;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// Runs the reconcile pass at start-up and then every <see cref="VerificationOptions.ReconcileInterval"/>
/// (on the injected clock); zero turns both off. A pass the claims service cut short (it is not
/// up yet, or went away) is tried again after <see cref="RetryIncomplete"/> at most, so the
/// start-up pass happens soon after the claims service answers.
/// </summary>
public sealed class ReconcileSchedule(
    Reconciler reconciler, TimeProvider clock, IOptions<VerificationOptions> options, ILogger<ReconcileSchedule> logger)
    : BackgroundService
{
    public static readonly TimeSpan RetryIncomplete = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReconcileInterval;
        if (interval == TimeSpan.Zero)
        {
            logger.PassOff();
            return;
        }

        var retry = interval < RetryIncomplete ? interval : RetryIncomplete;
        try
        {
            while (true)
            {
                TimeSpan next;
                try
                {
                    next = (await reconciler.RunPassAsync(stoppingToken)).Complete ? interval : retry;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database busy or a failover must not end the pass for good.
                    logger.PassFailed(e, retry);
                    next = retry;
                }

                await Task.Delay(next, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the next start runs a pass at once.
        }
    }
}
