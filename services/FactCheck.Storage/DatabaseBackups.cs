using System.ComponentModel;
using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FactCheck.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FactCheck.Storage;

/// <summary>
/// The backup settings, section <c>Backup</c>: where backups go (<see cref="Directory"/>) and the
/// pg_dump executable a PostgreSQL backup runs (<see cref="PgDump"/>).
/// </summary>
public sealed class BackupSettings
{
    public const string Section = "Backup";

    /// <summary>The folder backups are written to. Empty: "backups" beside the SQLite database file, or under the working directory on PostgreSQL.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The pg_dump executable: a path, or a name found on PATH. Its major version must be at least the server's.</summary>
    public string PgDump { get; set; } = "pg_dump";

    /// <summary>Each problem with the settings as a sentence naming its setting; none when they can work.</summary>
    public static IEnumerable<string> Problems(BackupSettings settings)
    {
        if (settings.Directory.Length > 0)
        {
            string? full = null;
            try
            {
                full = Path.GetFullPath(settings.Directory);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                // Reported below, with the setting's name.
            }

            if (full is null || string.IsNullOrWhiteSpace(settings.Directory))
            {
                yield return $"{Section}:{nameof(Directory)} '{settings.Directory}' is not a usable folder path.";
            }
            else if (File.Exists(full))
            {
                yield return $"{Section}:{nameof(Directory)} '{settings.Directory}' is a file, not a folder.";
            }
        }

        if (string.IsNullOrWhiteSpace(settings.PgDump))
        {
            yield return $"{Section}:{nameof(PgDump)} must name the pg_dump executable (a path, or a name on PATH); the default is 'pg_dump'.";
        }
    }
}

/// <summary>A backup one service wrote: the copy of its database and what an operator needs to know of it.</summary>
/// <param name="Path">The database copy: a SQLite file, or a pg_dump archive.</param>
/// <param name="DatabaseKind">The database copied: <see cref="SqliteDialect"/>'s or <see cref="PostgresDialect"/>'s system name.</param>
/// <param name="LastSequence">The newest event sequence in the copy (0 for a store without events).</param>
/// <param name="WebhookKeysPath">The folder beside the copy holding the webhook key ring, or null.</param>
public sealed record BackupCopy(
    string Id, string Path, long SizeBytes, DateTimeOffset CreateTime, string DatabaseKind, long LastSequence, string? WebhookKeysPath);

/// <summary>A store that can write a consistent copy of its database (<see cref="RelationalStore.CopyToAsync"/>).</summary>
public interface IBackupSource
{
    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="path"/> while writes go on,
    /// and returns the newest event sequence in that copy.
    /// </summary>
    Task<long> CopyToAsync(string path, DatabaseBackups backups, CancellationToken ct);

    /// <summary>The copy's file name without extension ("claims").</summary>
    string BackupName { get; }
}

/// <summary>
/// Writes backups into <see cref="BackupSettings.Directory"/>: each one a folder named after its
/// id, in which each service writes a folder of its own ("claims", "verification") holding its
/// database copy and whatever must travel with it (the webhook key ring). That folder is written
/// under a ".partial" name and renamed when everything in it is complete and
/// checked, so a backup under its final name is never half-written; a failed backup leaves
/// nothing behind. SQLite is copied with VACUUM INTO (a read transaction: writers go on) and the
/// copy checked with PRAGMA integrity_check; PostgreSQL with pg_dump from a snapshot exported by
/// a transaction of this process, in which the newest event sequence is read too, so the
/// sequence reported is exactly the copy's.
/// </summary>
public sealed partial class DatabaseBackups(
    IOptions<BackupSettings> settings, IOptions<StorageSettings> storage, string defaultSqlite, TimeProvider clock, ILogger<DatabaseBackups> logger)
{
    public const string IdField = "backup_id";

    /// <summary>The folder inside a backup holding the webhook key ring.</summary>
    public const string WebhookKeysFolder = "webhook-keys";

    private const string PartialSuffix = ".partial";

    /// <summary>How many of pg_dump's error lines are logged.</summary>
    private const int StderrLines = 5;

    /// <summary>The folder backups go to, resolved once: the setting, or the default beside the service's data.</summary>
    public string Directory { get; } = Resolve(settings.Value, storage.Value, defaultSqlite);

    /// <summary>Adds a violation of <paramref name="field"/> when <paramref name="id"/> is not empty and not a valid backup id.</summary>
    public static void CheckId(string id, string field, ICollection<FieldViolation> violations)
    {
        if (id.Length > 0 && !IdPattern().IsMatch(id))
        {
            violations.Add(new(field, "must be 1 to 63 lowercase letters, digits and hyphens, start with a letter and not end with a hyphen"));
        }
    }

    /// <summary>
    /// Backs <paramref name="source"/> up as <paramref name="id"/> (a checked id; empty: one made
    /// from the time), with the folder <paramref name="webhookKeys"/> copied beside it when given.
    /// </summary>
    public async Task<BackupCopy> CreateAsync(IBackupSource source, string id, string? webhookKeys, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        if (id.Length == 0)
        {
            id = DefaultId(started);
        }

        // Both services may share a backup folder (one machine, one data folder): each writes its
        // own part of a backup, so one id can name a backup of the pair.
        var backup = Path.Combine(Directory, id);
        var final = Path.Combine(backup, source.BackupName);
        var partial = final + PartialSuffix;
        if (System.IO.Directory.Exists(final))
        {
            throw AlreadyExists(id, source.BackupName);
        }

        System.IO.Directory.CreateDirectory(backup);
        try
        {
            // A folder left by a backup whose process died is not a backup: start it again.
            if (System.IO.Directory.Exists(partial))
            {
                System.IO.Directory.Delete(partial, recursive: true);
            }

            System.IO.Directory.CreateDirectory(partial);
            var fileName = source.BackupName + (IsPostgres ? ".dump" : ".db");
            var lastSequence = await source.CopyToAsync(Path.Combine(partial, fileName), this, ct);
            if (webhookKeys is not null)
            {
                CopyFolder(webhookKeys, Path.Combine(partial, WebhookKeysFolder));
            }

            try
            {
                System.IO.Directory.Move(partial, final);
            }
            catch (IOException) when (System.IO.Directory.Exists(final))
            {
                throw AlreadyExists(id, source.BackupName);
            }

            var path = Path.Combine(final, fileName);
            var copy = new BackupCopy(id, path, new FileInfo(path).Length, started, IsPostgres ? "postgresql" : "sqlite", lastSequence,
                webhookKeys is null ? null : Path.Combine(final, WebhookKeysFolder));
            LogWritten(logger, copy.Id, copy.Path, copy.SizeBytes, copy.LastSequence);
            return copy;
        }
        finally
        {
            if (System.IO.Directory.Exists(partial))
            {
                System.IO.Directory.Delete(partial, recursive: true);
            }

            if (!System.IO.Directory.EnumerateFileSystemEntries(backup).Any())
            {
                System.IO.Directory.Delete(backup);
            }
        }
    }

    /// <summary>The id of a backup asked for without one: "backup-" and the UTC time to the millisecond ("backup-20261206t031500123z").</summary>
    public static string DefaultId(DateTimeOffset time) => "backup-" + time.UtcDateTime.ToString("yyyyMMdd't'HHmmssfff'z'", CultureInfo.InvariantCulture);

    private bool IsPostgres => storage.Value.IsPostgres;

    /// <summary>
    /// Copies a SQLite database with VACUUM INTO, a read transaction (writers go on; the copy is
    /// the database as of its start), checks the copy and reads <paramref name="lastSequenceSql"/> in it.
    /// </summary>
    internal static async Task<long> CopySqliteAsync(SqliteDialect dialect, string path, string? lastSequenceSql, CancellationToken ct)
    {
        await using (var connection = await dialect.OpenAsync(ct))
        await using (var vacuum = SqlDialect.CreateCommand(connection, null, "VACUUM INTO @path", [("@path", path)]))
        {
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        // Not pooled: the file is closed when the check ends, so its folder can be renamed.
        var copy = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var check = new SqliteConnection(copy);
        await check.OpenAsync(ct);
        var problems = new List<string>();
        await using (var integrity = SqlDialect.CreateCommand(check, null, "PRAGMA integrity_check", []))
        await using (var reader = await integrity.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                problems.Add(reader.GetString(0));
            }
        }

        if (problems is not ["ok"])
        {
            throw new RefusalException(RefusalKind.FailedPrecondition, "BACKUP_CHECK_FAILED",
                $"the copy failed PRAGMA integrity_check ({string.Join("; ", problems.Take(3))}); the database itself may be damaged: run the check on it");
        }

        return lastSequenceSql is null ? 0 : await LastSequenceAsync(check, null, lastSequenceSql, ct);
    }

    /// <summary>
    /// Dumps a PostgreSQL database with pg_dump from a snapshot this process exports and holds
    /// (REPEATABLE READ), reading <paramref name="lastSequenceSql"/> in the same snapshot.
    /// </summary>
    internal async Task<long> DumpPostgresAsync(PostgresDialect dialect, string path, string? lastSequenceSql, CancellationToken ct)
    {
        await using var connection = await dialect.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, tx))
        {
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        }

        var lastSequence = lastSequenceSql is null ? 0 : await LastSequenceAsync(connection, tx, lastSequenceSql, ct);
        await RunPgDumpAsync(path, snapshot, ct);
        await tx.CommitAsync(ct);
        return lastSequence;
    }

    private static async Task<long> LastSequenceAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = SqlDialect.CreateCommand(connection, tx, sql, []);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs pg_dump against the service's own database. The password goes to the child alone, in
    /// PGPASSWORD, never on its command line (which other users of the machine can read).
    /// </summary>
    private async Task RunPgDumpAsync(string path, string snapshot, CancellationToken ct)
    {
        var executable = settings.Value.PgDump;
        var connection = new NpgsqlConnectionStringBuilder(storage.Value.ConnectionString);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--format=custom", "--no-password", $"--file={path}", $"--snapshot={snapshot}", $"--dbname={ConnInfo(connection)}"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PGPASSWORD");
        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{executable} did not start");
        }
        catch (Win32Exception e)
        {
            LogPgDumpMissing(logger, executable, e.Message);
            throw new RefusalException(RefusalKind.FailedPrecondition, "BACKUP_TOOL_MISSING",
                $"pg_dump cannot be started as '{executable}' ({e.Message}): install the PostgreSQL client tools or set {BackupSettings.Section}:{nameof(BackupSettings.PgDump)} to pg_dump's path",
                new Dictionary<string, string> { ["setting"] = $"{BackupSettings.Section}:{nameof(BackupSettings.PgDump)}" });
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var errors = await stderr;
            await stdout;
            if (process.ExitCode != 0)
            {
                var firstLines = string.Join(" | ", errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(StderrLines));
                LogPgDumpFailed(logger, executable, process.ExitCode, firstLines);
                throw new RefusalException(RefusalKind.Unavailable, "BACKUP_FAILED",
                    $"pg_dump ('{executable}', the {BackupSettings.Section}:{nameof(BackupSettings.PgDump)} setting) exited with code {process.ExitCode}; the service log has its first lines",
                    new Dictionary<string, string> { ["setting"] = $"{BackupSettings.Section}:{nameof(BackupSettings.PgDump)}" });
            }
        }
    }

    /// <summary>The libpq connection string of the service's database, without its password.</summary>
    private static string ConnInfo(NpgsqlConnectionStringBuilder connection)
    {
        var parts = new StringBuilder();
        void Add(string keyword, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Append(keyword).Append("='").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("' ");
            }
        }

        Add("host", connection.Host);
        Add("port", connection.Port.ToString(CultureInfo.InvariantCulture));
        Add("user", connection.Username);
        Add("dbname", connection.Database);
        if (connection.SslMode != SslMode.Prefer)
        {
            Add("sslmode", connection.SslMode switch
            {
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                var mode => mode.ToString().ToLowerInvariant(),
            });
        }

        Add("sslrootcert", connection.RootCertificate);
        return parts.ToString().TrimEnd();
    }

    private static void CopyFolder(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        if (!System.IO.Directory.Exists(from))
        {
            // No key ring yet (no webhook was ever made): an empty folder says so.
            return;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static string Resolve(BackupSettings settings, StorageSettings storage, string defaultSqlite)
    {
        if (settings.Directory.Length > 0)
        {
            return Path.GetFullPath(settings.Directory);
        }

        if (storage.IsPostgres)
        {
            return Path.GetFullPath("backups");
        }

        var database = new SqliteConnectionStringBuilder(storage.ConnectionString ?? defaultSqlite).DataSource;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database)) ?? ".", "backups");
    }

    private static RefusalException AlreadyExists(string id, string part) =>
        new(RefusalKind.AlreadyExists, "BACKUP_ALREADY_EXISTS", $"backup 'backups/{id}' already holds a copy of the {part} database; choose another backup_id",
            new Dictionary<string, string> { ["backup"] = $"backups/{id}" });

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex IdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {Id} written to {Path} ({SizeBytes} bytes, newest event sequence {LastSequence})")]
    private static partial void LogWritten(ILogger logger, string id, string path, long sizeBytes, long lastSequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup refused: pg_dump cannot be started as '{Executable}' (Backup:PgDump): {Error}")]
    private static partial void LogPgDumpMissing(ILogger logger, string executable, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup failed: pg_dump '{Executable}' (Backup:PgDump) exited with code {ExitCode}: {FirstLines}")]
    private static partial void LogPgDumpFailed(ILogger logger, string executable, int exitCode, string firstLines);
}
