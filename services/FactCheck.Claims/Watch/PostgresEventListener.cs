using FactCheck.Claims.Storage;
using Npgsql;

namespace FactCheck.Claims.Watch;

/// <summary>
/// Listens for commits made through any replica (the claims store's NOTIFY) and has this
/// replica's <see cref="ClaimEventFeed"/> read the events it has not seen. It carries no events:
/// the table does, so a notification lost while reconnecting costs a poll interval, never an event.
/// </summary>
public sealed partial class PostgresEventListener(NpgsqlDataSource dataSource, ClaimEventFeed feed, ILogger<PostgresEventListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => feed.ReadTable();
                await using (var listen = new NpgsqlCommand($"LISTEN {ClaimStore.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Events committed while nobody listened are read now.
                feed.ReadTable();
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
                // Whatever broke the connection, listen again: without it the feed only polls.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection; the watch feed polls until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception error);
}
