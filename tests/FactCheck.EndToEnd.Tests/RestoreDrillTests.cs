using System.Collections.Concurrent;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Grpc.Core;
using Npgsql;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// The restore drill of docs/operations.md, with real processes, on SQLite and on PostgreSQL: the
/// claims service takes a load of concurrent writers (creates and status changes) while an admin
/// backs it up through AdminService.CreateBackup; the backup is restored into a fresh service
/// following the page's steps. Every claim acknowledged before the backup call was sent is there,
/// whole, with its history; the event sequence is gap-free from 1 to the backup's newest, watchers
/// resume inside it and new writes continue it; a watcher resuming beyond it (it saw events the
/// copy does not hold) is refused with OUT_OF_RANGE instead of silently skipping the new ones.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class RestoreDrillTests(PostgresFixture postgres) : IDisposable
{
    private const int Writers = 6;
    private const int AcknowledgedBeforeBackup = 120;
    private const int AcknowledgedAfterBackup = 60;

    private readonly TempFolder _folder = new("factcheck-restore-drill-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_sqlite_backup_taken_under_load_restores_every_acknowledged_claim_and_a_sequence_watchers_resume_from()
    {
        var live = Path.Combine(_folder.Path, "live");
        Directory.CreateDirectory(live);
        var drill = await BackUpUnderLoadAsync(Environment($"Data Source={Path.Combine(live, "claims.db")}"));
        Assert.Equal(DatabaseKind.Sqlite, drill.Backup.DatabaseKind);

        // docs/operations.md, "Restoring SQLite": with the service stopped (it is), copy the file
        // into place, remove a stale -wal and -shm beside it, put the webhook keys back, start.
        var restored = Path.Combine(_folder.Path, "restored");
        Directory.CreateDirectory(restored);
        var database = Path.Combine(restored, "claims.db");
        File.Copy(drill.Backup.Path, database);
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        CopyKeys(drill.Backup.WebhookKeysPath, Path.Combine(restored, "webhook-keys"));

        await using var service = await ServiceProcess.StartAsync(ClaimsAssembly, Environment($"Data Source={database}"));
        await VerifyRestoredAsync(service, drill);
    }

    [SkippableFact]
    public async Task A_postgresql_backup_taken_under_load_restores_every_acknowledged_claim_and_a_sequence_watchers_resume_from()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var binaries = PostgresCluster.FindBinaries()!;
        var keys = Path.Combine(_folder.Path, "live-keys");
        var drill = await BackUpUnderLoadAsync(PostgresEnvironment(await cluster.CreateDatabaseAsync("drill"), keys, binaries));
        Assert.Equal(DatabaseKind.Postgresql, drill.Backup.DatabaseKind);
        Assert.EndsWith(".dump", drill.Backup.Path, StringComparison.Ordinal);

        // docs/operations.md, "Restoring PostgreSQL": pg_restore into a fresh, empty database,
        // put the webhook keys back, point the service at the database and start it.
        var fresh = await cluster.CreateDatabaseAsync("restored");
        var target = new NpgsqlConnectionStringBuilder(fresh);
        await Programs.RunAsync(Path.Combine(binaries, "pg_restore"),
            ["--exit-on-error", "--no-owner", $"--dbname=host={target.Host} port={target.Port} user={target.Username} dbname={target.Database}", drill.Backup.Path]);
        var restoredKeys = Path.Combine(_folder.Path, "restored-keys");
        CopyKeys(drill.Backup.WebhookKeysPath, restoredKeys);

        await using var service = await ServiceProcess.StartAsync(ClaimsAssembly, PostgresEnvironment(fresh, restoredKeys, binaries));
        await VerifyRestoredAsync(service, drill);
    }

    [SkippableFact]
    public async Task Without_pg_dump_a_postgresql_backup_is_refused_naming_the_setting_and_leaves_nothing_behind()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var environment = PostgresEnvironment(await cluster.CreateDatabaseAsync("nodump"), Path.Combine(_folder.Path, "keys"), PostgresCluster.FindBinaries()!);
        environment["Backup__PgDump"] = Path.Combine(_folder.Path, "no-such-pg_dump");
        await using var service = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        var admin = new AdminService.AdminServiceClient(service.Channel());

        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => admin.CreateBackupAsync(new CreateBackupRequest { BackupId = "nodump" }, deadline: Deadline).ResponseAsync);

        Assert.Contains("Backup:PgDump", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("BACKUP_TOOL_MISSING", RpcAssert.Info(refused).Reason);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "backups", "nodump")), "a refused backup left a folder behind");
        Assert.Contains("pg_dump cannot be started", service.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["ConnectionStrings__Claims"] = connectionString,
        ["Matching__Semantic"] = "false",
    };

    private Dictionary<string, string> PostgresEnvironment(string connectionString, string keys, string binaries) => new(Environment(connectionString))
    {
        ["Storage__Provider"] = "postgres",
        ["Webhooks__KeysDirectory"] = keys,
        ["Backup__Directory"] = Path.Combine(_folder.Path, "backups"),
        ["Backup__PgDump"] = Path.Combine(binaries, "pg_dump"),
    };

    /// <summary>What the drill took: the backup, each claim's acknowledged states in order (each marked whether it was acknowledged before the backup call was sent), and the newest sequence the original reached.</summary>
    private sealed record Drill(Backup Backup, IReadOnlyDictionary<string, List<(Claim Claim, bool BeforeBackup)>> Acknowledged, long OriginalNewest);

    /// <summary>Starts the service, loads it with writers, backs it up in the middle of the load, lets the load go on past the backup, stops it.</summary>
    private static async Task<Drill> BackUpUnderLoadAsync(Dictionary<string, string> environment)
    {
        await using var original = await ServiceProcess.StartAsync(ClaimsAssembly, environment);
        var claims = new ClaimsService.ClaimsServiceClient(original.Channel());
        var admin = new AdminService.AdminServiceClient(original.Channel());

        // A webhook, so the key ring has a key the backup must carry.
        await new WebhooksService.WebhooksServiceClient(original.Channel()).CreateWebhookAsync(new CreateWebhookRequest
        {
            Webhook = new Webhook { TargetUrl = "https://example.org/hooks/drill" },
        }, deadline: Deadline);

        var acknowledged = new ConcurrentDictionary<string, List<(Claim, bool)>>();
        var count = 0;
        var backupSent = 0;
        var failures = new ConcurrentQueue<RpcException>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var created = await claims.CreateClaimAsync(new CreateClaimRequest
                    {
                        ClaimId = $"drill-{writer}-{i}",
                        Claim = new Claim { Text = $"Writer {writer} says claim {i} holds.", Sources = { new Source { Url = $"https://example.org/drill/{writer}/{i}" } } },
                    }, deadline: Deadline);
                    Acknowledge(created);
                    var changed = await claims.UpdateClaimStatusAsync(new UpdateClaimStatusRequest
                    {
                        Name = created.Name, Status = ClaimStatus.Disputed, StatusDetail = $"disputed by writer {writer}", Reason = "the drill",
                    }, deadline: Deadline);
                    Acknowledge(changed);
                }
                catch (RpcException e)
                {
                    failures.Enqueue(e);
                    return;
                }
            }
        })).ToList();

        void Acknowledge(Claim claim)
        {
            // Read after the answer came: false only when the backup call was sent after it.
            var before = Volatile.Read(ref backupSent) == 0;
            acknowledged.GetOrAdd(claim.Name, _ => []).Add((claim, before));
            Interlocked.Increment(ref count);
        }

        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref count)), n => n >= AcknowledgedBeforeBackup || !failures.IsEmpty, "writes before the backup");
        Volatile.Write(ref backupSent, 1);
        var backup = await admin.CreateBackupAsync(new CreateBackupRequest { BackupId = "drill" }, deadline: DateTime.UtcNow.AddSeconds(60));
        var atBackup = Volatile.Read(ref count);
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref count)), n => n >= atBackup + AcknowledgedAfterBackup || !failures.IsEmpty, "writes after the backup");
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(failures.IsEmpty, $"writes failed during the backup: {string.Join("; ", failures.Take(3).Select(e => e.Status))}\n{original.Output}");

        // The backup's answer says what an operator needs, and its file is complete under its final name.
        Assert.Equal("backups/drill", backup.Name);
        Assert.True(File.Exists(backup.Path) && new FileInfo(backup.Path).Length == backup.SizeBytes, backup.ToString());
        Assert.False(Directory.Exists(Path.GetDirectoryName(backup.Path) + ".partial"));
        Assert.True(backup.LastEventSequence > 0, backup.ToString());
        Assert.NotEmpty(Directory.GetFiles(backup.WebhookKeysPath, "key-*.xml"));

        // A second backup under the same id is refused, and so is a malformed id, naming the field.
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => admin.CreateBackupAsync(new CreateBackupRequest { BackupId = "drill" }, deadline: Deadline).ResponseAsync);
        var invalid = await RpcAssert.InvalidFields(() => admin.CreateBackupAsync(new CreateBackupRequest { BackupId = "../Drill" }, deadline: Deadline).ResponseAsync, "claims.factcheck.v1");
        Assert.Equal(["backup_id"], invalid.Keys);

        var newest = await NewestSequenceAsync(claims);
        await original.StopAsync();
        return new Drill(backup, acknowledged.ToDictionary(c => c.Key, c => c.Value), newest);
    }

    private static async Task VerifyRestoredAsync(ServiceProcess service, Drill drill)
    {
        var claims = new ClaimsService.ClaimsServiceClient(service.Channel());
        var copied = drill.Backup.LastEventSequence;

        // Every claim acknowledged before the backup began is there, whole, with its history: the
        // states acknowledged before the backup are its first events; a later change may follow.
        var before = drill.Acknowledged.Where(c => c.Value.Any(a => a.BeforeBackup)).ToList();
        Assert.True(before.Count >= AcknowledgedBeforeBackup / 2, $"only {before.Count} claims were acknowledged before the backup");
        foreach (var (name, states) in before)
        {
            var acknowledgedBefore = states.Where(s => s.BeforeBackup).Select(s => s.Claim).ToList();
            var history = (await claims.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = name }, deadline: Deadline)).Events;
            Assert.True(history.Count >= acknowledgedBefore.Count, $"{name}: {history.Count} events restored, {acknowledgedBefore.Count} acknowledged before the backup");
            for (var i = 0; i < acknowledgedBefore.Count; i++)
            {
                Assert.Equal(i == 0 ? ClaimEventType.Created : ClaimEventType.StatusChanged, history[i].Type);
                Assert.Equal((acknowledgedBefore[i].Text, acknowledgedBefore[i].Sources, acknowledgedBefore[i].Status, acknowledgedBefore[i].StatusDetail),
                    (history[i].Claim.Text, history[i].Claim.Sources, history[i].Claim.Status, history[i].Claim.StatusDetail));
                Assert.True(history[i].Sequence <= copied, $"{name}: event {history[i].Sequence} is beyond the copy's newest, {copied}");
            }

            var restored = await claims.GetClaimAsync(new GetClaimRequest { Name = name }, deadline: Deadline);
            if (history.Count == acknowledgedBefore.Count)
            {
                Assert.Equal(acknowledgedBefore[^1], restored);
            }
        }

        // The copy's events, from the start: 1 to the backup's newest, without a gap, and no more.
        Assert.Equal(copied, await NewestSequenceAsync(claims));
        var all = await WatchAsync(claims, 0, (int)copied);
        Assert.Equal(Enumerable.Range(1, (int)copied).Select(i => (long)i), all.Select(e => e.Sequence));

        // A watcher that saw events the copy no longer holds is told, rather than left waiting to skip the new ones.
        var beyond = await RpcAssert.FailsWith(StatusCode.OutOfRange, () => WatchAsync(claims, drill.OriginalNewest, 1));
        Assert.Contains("after_sequence", beyond.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("restored from a backup", beyond.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(copied.ToString(System.Globalization.CultureInfo.InvariantCulture), RpcAssert.Info(beyond).Metadata["newest_sequence"]);

        // A watcher resuming inside the copy gets the next events, and new writes continue the sequence.
        var middle = copied / 2;
        var resumed = await WatchAsync(claims, middle, 2);
        Assert.Equal([middle + 1, middle + 2], resumed.Select(e => e.Sequence));
        var created = await claims.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement(), ClaimId = "after-restore" }, deadline: Deadline);
        var next = Assert.Single(await WatchAsync(claims, copied, 1));
        Assert.Equal((copied + 1, created.Name), (next.Sequence, next.Claim.Name));
        Assert.True(drill.OriginalNewest > copied + 1, $"the load should have gone on past the backup ({drill.OriginalNewest} events, {copied} copied)");
        await RpcAssert.FailsWith(StatusCode.OutOfRange, () => WatchAsync(claims, drill.OriginalNewest, 1));
    }

    /// <summary>The first <paramref name="count"/> events after <paramref name="after"/>.</summary>
    private static async Task<List<ClaimEvent>> WatchAsync(ClaimsService.ClaimsServiceClient claims, long after, int count)
    {
        using var call = claims.WatchClaims(new WatchClaimsRequest { AfterSequence = after }, deadline: DateTime.UtcNow.AddSeconds(30));
        var events = new List<ClaimEvent>();
        while (events.Count < count && await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(call.ResponseStream.Current);
        }

        return events;
    }

    /// <summary>The newest event sequence, as an operator reads it: the last event of any claim's history, highest.</summary>
    private static async Task<long> NewestSequenceAsync(ClaimsService.ClaimsServiceClient claims)
    {
        var newest = 0L;
        var request = new ListClaimsRequest { PageSize = 100 };
        while (true)
        {
            var page = await claims.ListClaimsAsync(request, deadline: Deadline);
            foreach (var claim in page.Claims)
            {
                var history = await claims.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = claim.Name }, deadline: Deadline);
                newest = Math.Max(newest, history.Events.Max(e => e.Sequence));
            }

            if (page.NextPageToken.Length == 0)
            {
                return newest;
            }

            request.PageToken = page.NextPageToken;
        }
    }

    private static void CopyKeys(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
