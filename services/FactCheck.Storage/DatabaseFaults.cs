using System.Net.Sockets;
using FactCheck.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FactCheck.Storage;

/// <summary>What a database failure means for the caller: try again, or the disk is full.</summary>
public enum DatabaseFault
{
    /// <summary>Unreachable, a connection lost, a timeout, busy: a retry may succeed (UNAVAILABLE).</summary>
    Unavailable,

    /// <summary>No room to write: reads go on, writes wait for an operator (RESOURCE_EXHAUSTED).</summary>
    Full,
}

/// <summary>A failure that is the database's: which fault, a few words on why, and the driver's exception that says so.</summary>
public sealed record DatabaseFaultMatch(DatabaseFault Fault, string Why, Exception Cause);

/// <summary>
/// Which exceptions from Microsoft.Data.Sqlite and Npgsql are the database's fault rather than the
/// service's, as one table. A constraint violation, a syntax error or a corrupt file is not in it:
/// those are bugs or damage, which stay INTERNAL and are logged in full.
/// </summary>
public static class DatabaseFaultRules
{
    // https://www.sqlite.org/rescode.html (primary result codes).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    /// <summary>The fault <paramref name="failure"/> (or an exception inside it) stands for; null when it is not the database's fault.</summary>
    public static DatabaseFaultMatch? Classify(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (Match(e) is (var fault, var why))
            {
                return new DatabaseFaultMatch(fault, why, e);
            }

            if (e is PostgresException)
            {
                // The server answered: whatever it said, it is not a connection's failure inside.
                return null;
            }
        }

        return null;
    }

    private static (DatabaseFault, string)? Match(Exception e)
    {
        switch (e)
        {
            case SqliteException { SqliteErrorCode: SqliteFull }:
                return (DatabaseFault.Full, "disk is full");
            case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                return (DatabaseFault.Unavailable, "is busy");
            case SqliteException { SqliteErrorCode: SqliteIoError or SqliteCantOpen }:
                return (DatabaseFault.Unavailable, "cannot be read or written (an I/O error)");
            case PostgresException postgres:
                // Only the states that say the server cannot serve now are its fault.
                return Postgres(postgres.SqlState);
            case NpgsqlException { InnerException: TimeoutException }:
            case TimeoutException:
                return (DatabaseFault.Unavailable, "did not answer in time");
            // Without a server's answer, Npgsql calls transient what a retry may get past: the
            // server unreachable, the connection lost mid-call.
            case NpgsqlException { IsTransient: true }:
            case SocketException:
                return (DatabaseFault.Unavailable, "is unreachable");
            default:
                return null;
        }
    }

    /// <summary>PostgreSQL's SQLSTATEs (appendix A of its manual) that are the server's fault.</summary>
    private static (DatabaseFault, string)? Postgres(string state) => state switch
    {
        "53100" => (DatabaseFault.Full, "disk is full"),
        "53000" or "53200" or "53300" => (DatabaseFault.Unavailable, "is out of resources (memory or connections)"),
        // admin_shutdown, crash_shutdown, cannot_connect_now: stopping, crashed or starting.
        "57P01" or "57P02" or "57P03" => (DatabaseFault.Unavailable, "is unreachable"),
        // Class 08: connection exceptions.
        _ when state.StartsWith("08", StringComparison.Ordinal) => (DatabaseFault.Unavailable, "is unreachable"),
        _ => null,
    };
}

/// <summary>
/// One database's faults as the service sees them (<see cref="IDependencyFaults"/>): each failure
/// <see cref="DatabaseFaultRules"/> calls the database's becomes the refusal its caller gets and is
/// counted. The log has one warning when the database goes away (or fills up) and one when it is
/// back, with the number of calls refused in between. While it is away, a probe pings it every
/// <see cref="ProbeInterval"/>, so its return is noticed even when nobody calls; a full disk ends
/// with a committed write <see cref="FullQuietPeriod"/> after the last refused one (reads cannot tell). Metrics: the counter
/// <c>factcheck.storage.refused</c> and the up-down counter <c>factcheck.storage.faulted</c> (1
/// while a database is away or full), both tagged with the database and the fault.
/// </summary>
public sealed partial class DatabaseFaults(string dependency, ILogger<DatabaseFaults> logger, TimeProvider clock) : IDependencyFaults
{
    /// <summary>The delay a refused caller is told to wait before trying again (RetryInfo).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();

    // Written under the gate; read without it by the checks on every call.
    private volatile State _state;
    private long _refused;
    private DateTimeOffset _since;
    private DateTimeOffset _lastFull;
    private SqlDialect? _dialect;
    private bool _probing;

    public DatabaseFaults(string dependency, ILogger<DatabaseFaults> logger)
        : this(dependency, logger, TimeProvider.System)
    {
    }

    private enum State
    {
        Answering,
        Unavailable,
        Full,
    }

    public string Dependency => dependency;

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after the last write refused for a full disk a committed write ends the state. At
    /// the edge of a full disk a small write can fit where a larger one just failed; counting that
    /// as room again would log the disk full and free again at every other write.
    /// </summary>
    public TimeSpan FullQuietPeriod { get; init; } = TimeSpan.FromSeconds(5);

    public bool IsFull => _state == State.Full;

    /// <summary>True while the database is unreachable, as far as the service has seen.</summary>
    public bool IsUnavailable => _state == State.Unavailable;

    /// <summary>The database's dialect, which the probe pings and whose idle connections an outage makes useless; set once (<see cref="SqlDialect.ReportFaultsTo"/>).</summary>
    internal void Follow(SqlDialect dialect) => _dialect = dialect;

    public RefusalException? Refusal(Exception failure)
    {
        if (DatabaseFaultRules.Classify(failure) is not { } match)
        {
            return null;
        }

        Record(match.Fault == DatabaseFault.Full ? State.Full : State.Unavailable, match.Why, match.Cause);
        return match.Fault == DatabaseFault.Full
            ? Refusals.DatabaseFull(dependency)
            : Refusals.DatabaseUnavailable(dependency, match.Why, RetryAfter);
    }

    public void Answered() => End(State.Unavailable);

    /// <summary>A write committed: the database is reachable and has room.</summary>
    public void Wrote()
    {
        End(State.Unavailable);
        End(State.Full);
    }

    private void Record(State fault, string why, Exception failure)
    {
        StoreTelemetry.RecordRefused(dependency, Name(fault));
        State previous;
        bool began, probe = false;
        lock (_gate)
        {
            previous = _state;
            // Away trumps full: an unreachable database says nothing about its disk.
            began = previous == State.Answering || (previous == State.Full && fault == State.Unavailable);
            if (began)
            {
                _state = fault;
                _refused = 0;
                _since = clock.GetUtcNow();
                if (fault == State.Unavailable && !_probing && _dialect is not null)
                {
                    _probing = probe = true;
                }
            }

            _refused++;
            if (fault == State.Full)
            {
                _lastFull = clock.GetUtcNow();
            }
        }

        if (!began)
        {
            return;
        }

        if (previous != State.Answering)
        {
            StoreTelemetry.RecordFaulted(dependency, Name(previous), -1);
        }

        StoreTelemetry.RecordFaulted(dependency, Name(fault), 1);
        if (fault == State.Unavailable)
        {
            // Pooled connections opened before the outage are dead; callers should not each find one.
            _dialect?.DropIdleConnections();
        }

        if (fault == State.Full)
        {
            LogFull(logger, dependency, failure.Message);
        }
        else
        {
            LogAway(logger, dependency, why, failure.GetType().Name, failure.Message);
        }

        if (probe)
        {
            _ = Task.Run(ProbeAsync);
        }
    }

    private void End(State fault)
    {
        if (_state != fault)
        {
            return;
        }

        long refused;
        TimeSpan lasted;
        lock (_gate)
        {
            if (_state != fault || (fault == State.Full && clock.GetUtcNow() - _lastFull < FullQuietPeriod))
            {
                return;
            }

            _state = State.Answering;
            refused = _refused;
            lasted = clock.GetUtcNow() - _since;
        }

        StoreTelemetry.RecordFaulted(dependency, Name(fault), -1);
        if (fault == State.Unavailable)
        {
            _dialect?.DropIdleConnections();
        }

        if (fault == State.Full)
        {
            LogRoom(logger, dependency, refused, lasted.TotalSeconds);
        }
        else
        {
            LogBack(logger, dependency, refused, lasted.TotalSeconds);
        }
    }

    /// <summary>Pings while the database is away, until it answers; <see cref="Answered"/> then says so once.</summary>
    private async Task ProbeAsync()
    {
        while (true)
        {
            try
            {
                while (IsUnavailable)
                {
                    await Task.Delay(ProbeInterval, clock);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    try
                    {
                        await _dialect!.PingAsync(timeout.Token);
                        Answered();
                    }
                    catch (Exception e) when (DatabaseFaultRules.Classify(e) is not null || e is OperationCanceledException)
                    {
                        // Still away: the warning was given when it went; the next ping tries again.
                    }
                }
            }
            catch (Exception e)
            {
                // A ping that fails for another reason (a broken schema, say) cannot tell when the
                // database is back: say so, and let the health check's next successful ping end the outage.
                LogProbeFailed(logger, dependency, e);
                lock (_gate)
                {
                    _probing = false;
                }

                return;
            }

            lock (_gate)
            {
                // An outage that began after the loop saw the last one end finds the probe still
                // running and starts none of its own: go round again for it.
                if (_state != State.Unavailable)
                {
                    _probing = false;
                    return;
                }
            }
        }
    }

    private static string Name(State fault) => fault == State.Full ? "full" : "unavailable";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Database} {Why} ({Error}: {Message}); calls that need it are answered UNAVAILABLE until it answers again")]
    private static partial void LogAway(ILogger logger, string database, string why, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Database} answers again; {Refused} call(s) were refused in the {Seconds:0.0} s it was away")]
    private static partial void LogBack(ILogger logger, string database, long refused, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Database}'s disk is full ({Message}); writes are answered RESOURCE_EXHAUSTED, reads go on, until space is freed")]
    private static partial void LogFull(ILogger logger, string database, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Database} takes writes again; {Refused} call(s) were refused in the {Seconds:0.0} s its disk was full")]
    private static partial void LogRoom(ILogger logger, string database, long refused, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Probing the {Database} while it is away failed for another reason; a successful health check ends the outage")]
    private static partial void LogProbeFailed(ILogger logger, string database, Exception error);
}
