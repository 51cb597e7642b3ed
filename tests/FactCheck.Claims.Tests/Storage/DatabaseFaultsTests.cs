using FactCheck.Domain;
using FactCheck.Storage;
using FactCheck.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>
/// <see cref="DatabaseFaults"/>: the refusal each of the database's failures becomes, and a log
/// that says once that the database went away (or filled up) and once that it came back, with
/// the calls refused in between, not once per call. The outage is a real one: a SQLite file in a
/// folder that does not exist until the test creates it.
/// </summary>
public sealed class DatabaseFaultsTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-faults-");
    private readonly CapturedLog _log = new();
    private readonly ILoggerFactory _loggers;

    public DatabaseFaultsTests() => _loggers = LoggerFactory.Create(b => b.AddProvider(_log));

    public void Dispose()
    {
        _loggers.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_outage_is_logged_once_when_it_begins_and_once_when_the_probe_reaches_the_database_with_the_calls_refused_between()
    {
        var missing = _folder.File("not-yet");
        using var dialect = new SqliteDialect($"Data Source={Path.Combine(missing, "claims.db")}");
        var faults = Faults();
        dialect.ReportFaultsTo(faults);

        var refusals = new List<RefusalException>();
        for (var call = 0; call < 3; call++)
        {
            var failure = await Assert.ThrowsAsync<SqliteException>(() => dialect.PingAsync(default));
            refusals.Add(Assert.IsType<RefusalException>(faults.Refusal(failure)));
        }

        Assert.All(refusals, r =>
        {
            Assert.Equal(RefusalKind.Unavailable, r.Kind);
            Assert.Equal("DATABASE_UNAVAILABLE", r.Reason);
            Assert.Equal("the claims database cannot be read or written (an I/O error); retry", r.Message);
            Assert.Equal("claims database", r.Metadata["database"]);
            Assert.Equal(DatabaseFaults.RetryAfter, r.RetryAfter);
        });
        Assert.True(faults.IsUnavailable);
        Assert.Single(Warnings());

        Directory.CreateDirectory(missing);
        await Eventually.Until(() => Task.FromResult(faults.IsUnavailable), away => !away, "the probe to find the database again");

        Assert.Collection(Warnings(),
            away => Assert.StartsWith("The claims database cannot be read or written (an I/O error) (SqliteException: ", away, StringComparison.Ordinal),
            back => Assert.StartsWith("The claims database answers again; 3 call(s) were refused in the ", back, StringComparison.Ordinal));
    }

    [Fact]
    public void A_full_disk_ends_with_the_next_committed_write_not_with_a_read()
    {
        var faults = Faults(fullQuietPeriod: TimeSpan.Zero);

        var refusal = faults.Refusal(new InvalidOperationException("the write failed", new SqliteException("database or disk is full", 13)));
        faults.Refusal(new SqliteException("database or disk is full", 13));
        faults.Answered();

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.LimitReached, refusal.Kind);
        Assert.Equal("DATABASE_FULL", refusal.Reason);
        Assert.Equal("the claims database's disk is full; writes are refused until an operator frees space (reads go on)", refusal.Message);
        Assert.Null(refusal.RetryAfter);
        Assert.True(faults.IsFull, "a read that succeeded ended the full disk");

        faults.Wrote();

        Assert.False(faults.IsFull);
        Assert.Collection(Warnings(),
            full => Assert.StartsWith("The claims database's disk is full (database or disk is full); writes are answered RESOURCE_EXHAUSTED", full, StringComparison.Ordinal),
            room => Assert.StartsWith("The claims database takes writes again; 2 call(s) were refused in the ", room, StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_write_that_fits_just_after_a_refused_one_does_not_end_the_full_disk()
    {
        var faults = Faults(fullQuietPeriod: TimeSpan.FromHours(1));

        faults.Refusal(new SqliteException("database or disk is full", 13));
        faults.Wrote();

        Assert.True(faults.IsFull, "a write committed right after one was refused for room ended the full disk");
        Assert.Single(Warnings());
    }

    [Fact]
    public void A_failure_that_is_not_the_database_s_is_neither_refused_nor_counted()
    {
        var faults = Faults();

        Assert.Null(faults.Refusal(new SqliteException("UNIQUE constraint failed: claims.id", 19)));
        Assert.Null(faults.Refusal(new InvalidOperationException("a bug")));

        Assert.False(faults.IsUnavailable || faults.IsFull);
        Assert.Empty(_log.Lines);
    }

    private DatabaseFaults Faults(TimeSpan? fullQuietPeriod = null) =>
        new("claims database", _loggers.CreateLogger<DatabaseFaults>())
        {
            ProbeInterval = TimeSpan.FromMilliseconds(50),
            FullQuietPeriod = fullQuietPeriod ?? TimeSpan.FromSeconds(5),
        };

    private List<string> Warnings() => [.. _log.At(LogLevel.Warning)];
}
