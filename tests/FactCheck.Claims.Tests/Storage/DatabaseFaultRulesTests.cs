using System.Net.Sockets;
using FactCheck.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>
/// <see cref="DatabaseFaultRules"/> row by row: which failures of Microsoft.Data.Sqlite and Npgsql
/// are the database's fault (a retry may get past them, or the disk is full) and which stay the
/// service's own (INTERNAL, logged in full).
/// </summary>
public sealed class DatabaseFaultRulesTests
{
    public static TheoryData<string, Exception, string> Rows => new()
    {
        // what happened                                  the exception the driver throws                                                      fault
        { "SQLite: the disk is full",                      new SqliteException("database or disk is full", 13),                                "full: disk is full" },
        { "SQLite: past Storage:SqliteMaxMegabytes",       new SqliteException("database or disk is full", 13),                                "full: disk is full" },
        { "SQLite: busy beyond the busy timeout",          new SqliteException("database is locked", 5),                                       "unavailable: is busy" },
        { "SQLite: a table locked",                        new SqliteException("database table is locked", 6),                                 "unavailable: is busy" },
        { "SQLite: an I/O error",                          new SqliteException("disk I/O error", 10),                                          "unavailable: cannot be read or written (an I/O error)" },
        { "SQLite: the file cannot be opened",             new SqliteException("unable to open database file", 14),                            "unavailable: cannot be read or written (an I/O error)" },
        { "SQLite: a constraint the code should prevent",  new SqliteException("UNIQUE constraint failed", 19),                                "none" },
        { "SQLite: a corrupt file",                        new SqliteException("database disk image is malformed", 11),                        "none" },
        { "PostgreSQL: the server's disk is full",         new PostgresException("could not extend file", "ERROR", "ERROR", "53100"),          "full: disk is full" },
        { "PostgreSQL: too many connections",              new PostgresException("too many clients", "FATAL", "FATAL", "53300"),               "unavailable: is out of resources (memory or connections)" },
        { "PostgreSQL: stopped by its administrator",      new PostgresException("terminating connection", "FATAL", "FATAL", "57P01"),         "unavailable: is unreachable" },
        { "PostgreSQL: crashed",                           new PostgresException("terminating connection", "FATAL", "FATAL", "57P02"),         "unavailable: is unreachable" },
        { "PostgreSQL: still starting",                    new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"), "unavailable: is unreachable" },
        { "PostgreSQL: a connection exception",            new PostgresException("connection failure", "FATAL", "FATAL", "08006"),             "unavailable: is unreachable" },
        { "PostgreSQL: a unique violation",                new PostgresException("duplicate key value", "ERROR", "ERROR", "23505"),            "none" },
        { "PostgreSQL: a deadlock",                        new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"),              "none" },
        { "PostgreSQL: a syntax error",                    new PostgresException("syntax error", "ERROR", "ERROR", "42601"),                   "none" },
        { "Npgsql: connection refused",                    new NpgsqlException("Failed to connect", new SocketException(111)),                 "unavailable: is unreachable" },
        { "Npgsql: the connection lost mid-call",          new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), "unavailable: is unreachable" },
        { "Npgsql: the pool or a command timed out",       new NpgsqlException("The operation has timed out", new TimeoutException()),         "unavailable: did not answer in time" },
        { "Npgsql: a client-side misuse",                  new NpgsqlException("Connection is not open"),                                      "none" },
        { "a timeout outside any driver",                  new TimeoutException(),                                                              "unavailable: did not answer in time" },
        { "a fault wrapped by the code that met it",       new InvalidOperationException("the write failed", new SqliteException("database or disk is full", 13)), "full: disk is full" },
        { "a bug",                                         new InvalidOperationException("unknown status change outcome"),                      "none" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_failure_is_the_database_s_fault_or_the_service_s_own_as_the_table_says(string what, Exception failure, string expected)
    {
        var actual = DatabaseFaultRules.Classify(failure) is { } match
            ? $"{(match.Fault == DatabaseFault.Full ? "full" : "unavailable")}: {match.Why}"
            : "none";

        Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");
    }
}
