using Npgsql;

namespace FactCheck.Claims.Storage;

/// <summary>
/// Listens for commits made through any replica and wakes this replica's watchers. It only
/// wakes: watchers then read the event table, so a notification lost while reconnecting costs
/// a poll interval, never an event.
/// </summary>
public sealed partial class PostgresEventListener(NpgsqlDataSource dataSource, ClaimEventSignal signal, ILogger<PostgresEventListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {ClaimStore.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Events committed while we were not listening are picked up by the watchers' own read.
                signal.Notify();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever broke the connection, listen again: without it watchers only poll.
                LogListenFailed(logger, e);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection; watchers fall back to polling until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception error);
}
