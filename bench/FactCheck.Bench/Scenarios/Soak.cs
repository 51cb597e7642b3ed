using System.Diagnostics;
using System.Globalization;
using System.Text;
using FactCheck.Bench.Hosts;
using FactCheck.Bench.Load;
using FactCheck.Bench.Report;
using FactCheck.Bench.Seeding;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// Scenario `soak` (issue 20): both services as processes on SQLite files of their own (matching
/// on meaning, a webhook to a local receiver), loaded for <see cref="BenchOptions.SoakDuration"/>
/// at a steady, moderate rate with every kind of call a deployment gets (reads, writes, watches,
/// verdicts, matching), while the harness samples each process's resident memory, threads and open
/// descriptors and the databases' size. It reports how each gauge moved from the first window of
/// the run to the last and its slope, the calls made and their errors by status code, and whether
/// every watcher and the webhook got every change. It is not a throughput test: the rates are
/// fixed, so two runs load the services alike and a gauge that climbs is a leak or data, not load.
/// </summary>
public static class Soak
{
    private const string Name = "soak";

    /// <summary>Claims created before the load starts, so the first reads and matches have something to find.</summary>
    private static int Prefill(BenchOptions options) => options.Quick ? 50 : 200;

    private const int Watchers = 8;

    /// <summary>Watchers that connect, read for a few seconds and hang up, again and again, as browsers and scripts do.</summary>
    private const int ReconnectingWatchers = 2;

    /// <summary>How long, after the load stops, the changes it made may take to reach every watcher and the webhook.</summary>
    private static readonly TimeSpan DrainPatience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Each kind of call, its steady rate per second and its concurrent callers. Writes create
    /// about 5 claims a second and re-embed about 7 texts a second, under half of the indexer's one
    /// core, so the index keeps up; 12 changes a second reach 8 watchers and the webhook.
    /// </summary>
    private static readonly (string Method, double PerSecond, int Callers)[] Rates =
    [
        ("GetClaim", 40, 4),
        ("ListClaims", 8, 2),
        ("ListClaims (full text)", 2, 1),
        ("CreateClaim", 5, 2),
        ("UpdateClaim", 2, 1),
        ("UpdateClaimStatus", 3, 1),
        ("RecordVerdict", 2, 1),
        ("GetVerificationSummary", 2, 1),
        ("MatchClaims", 2, 1),
    ];

    /// <summary>The writes whose every success is one event on the claims service (a verdict's once delivered).</summary>
    private static readonly string[] EventWrites = ["CreateClaim", "UpdateClaim", "UpdateClaimStatus", "RecordVerdict"];

    /// <summary>The writes whose every success is a status change, which is all the webhook asks for.</summary>
    private static readonly string[] StatusWrites = ["UpdateClaimStatus", "RecordVerdict"];

    /// <summary>
    /// What one claim holds in the matching indexes' memory: two vectors (its text's, and its
    /// sources' titles'; every claim here has a titled source) of 384 floats, each with its entry,
    /// the id's string and a dictionary slot (about 200 bytes). Each index grows in chunks of 4,096
    /// vectors (6 MB), so RSS follows in steps.
    /// </summary>
    private const double VectorIndexBytesPerClaim = 2 * (384 * 4 + 200);

    public static async Task RunAsync(BenchRun run)
    {
        var scenario = Stopwatch.StartNew();
        var duration = run.Options.SoakDuration;
        var sampleEvery = TimeSpan.FromSeconds(run.Options.Quick ? 2 : 5);
        var claimsDb = Path.Combine(run.WorkDirectory, "soak-claims.db");
        var verificationDb = Path.Combine(run.WorkDirectory, "soak-verification.db");

        await using var receiver = await WebhookReceiver.StartAsync();
        var claimsEnvironment = BenchRun.ClaimsEnvironment(claimsDb);
        // A deployment's settings: matching on meaning (the model loaded, every new or edited claim
        // embedded in the background), and webhooks, here to a receiver on loopback over http.
        claimsEnvironment["Matching__Semantic"] = "true";
        claimsEnvironment["Webhooks__AllowHttp"] = "true";
        claimsEnvironment["Webhooks__AllowPrivateTargets"] = "true";
        await using var claims = await ServiceUnderTest.StartAsync("soak-claims", run.Services.ClaimsAssembly, claimsEnvironment);
        await using var verification = await ServiceUnderTest.StartAsync(
            "soak-verification", run.Services.VerificationAssembly, BenchRun.VerificationEnvironment(verificationDb, claims.Address));
        using var claimsChannel = claims.Channel();
        using var watchChannel = claims.Channel();
        using var verificationChannel = verification.Channel();
        var client = new ClaimsService.ClaimsServiceClient(claimsChannel);
        var watchClient = new ClaimsService.ClaimsServiceClient(watchChannel);
        var desk = new VerificationService.VerificationServiceClient(verificationChannel);
        await new WebhooksService.WebhooksServiceClient(claimsChannel).CreateWebhookAsync(new CreateWebhookRequest
        {
            Webhook = new Webhook { TargetUrl = receiver.Address.ToString(), EventTypes = { ClaimEventType.StatusChanged }, Description = "soak" },
        }, deadline: BenchRun.Deadline);

        var pool = new ClaimPool();
        await Parallel.ForEachAsync(Enumerable.Range(0, Prefill(run.Options)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            var number = pool.NextNumber();
            var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SeedClaims.Claim(number) }, deadline: BenchRun.Deadline, cancellationToken: ct);
            pool.Add(number, created.Name);
        });
        var after = await EventSequence.MarkAsync(client, SeedClaims.Claim(pool.NextNumber()));

        var log = new CallLog();
        using var stopWatching = new CancellationTokenSource();
        var watchDeadline = DateTime.UtcNow + duration + DrainPatience + TimeSpan.FromMinutes(1);
        var watchers = Enumerable.Range(0, Watchers).Select(_ => new WatchCount(after)).ToArray();
        var watching = watchers.Select(w => WatchAsync(watchClient, w, log, watchDeadline, stopWatching.Token)).ToList();
        var reconnecting = new WatchCount(after);

        var setUp = scenario.Elapsed;
        var clock = Stopwatch.StartNew();
        var samples = new List<Sample>();
        Sample Take() => new(
            clock.Elapsed.TotalSeconds, ProcStats.ReadGauges(claims.Pid), ProcStats.ReadGauges(verification.Pid), DatabaseBytes.Of(claimsDb), DatabaseBytes.Of(verificationDb), pool.Count, pool.Unindexed);
        using var stopSampling = new CancellationTokenSource();
        var sampling = SampleAsync(samples, Take, sampleEvery, stopSampling.Token);

        var load = Rates.Select(r => PacedAsync(r.PerSecond, r.Callers, clock, duration, random => CallOnceAsync(r.Method, random, client, desk, pool, log))).ToList();
        load.AddRange(Enumerable.Range(0, ReconnectingWatchers).Select(_ => ReconnectAsync(watchClient, watchers[0], reconnecting, log, clock, duration)));
        await Task.WhenAll(load);
        var loaded = clock.Elapsed;
        await stopSampling.CancelAsync();
        await sampling;
        lock (samples)
        {
            samples.Add(Take());
        }

        // Every change acknowledged during the load must reach every watcher, and every status change the webhook.
        var expectedEvents = EventWrites.Sum(m => log[m].Succeeded);
        var expectedHooks = StatusWrites.Sum(m => log[m].Succeeded);
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < DrainPatience && (watchers.Min(w => w.Received) < expectedEvents || DistinctHooks(receiver) < expectedHooks))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var drained = drain.Elapsed;
        await stopWatching.CancelAsync();
        await Task.WhenAll(watching);

        var how = string.Join(", ", Rates.Select(r => $"{r.Method} {r.PerSecond:0}/s"));
        run.Report.Add(Name, "load duration", loaded.TotalMinutes, "min",
            $"{how}; {Watchers} watchers connected throughout, {ReconnectingWatchers} reconnecting; a webhook on status changes; sampled every {sampleEvery.TotalSeconds:0} s");
        run.Report.Add(Name, "set-up before the load", setUp.TotalSeconds, "s", $"both services started to SERVING, a webhook, {Prefill(run.Options)} claims created");
        ReportCalls(run.Report, log, loaded);
        ReportDelivery(run.Report, watchers, reconnecting, expectedEvents, expectedHooks, receiver, drained);
        ReportGrowth(run.Report, samples, loaded);
        await WriteSamplesAsync(run.Options.OutputDirectory, samples);
    }

    /// <summary>Claims this run created: any for reads and edits; the even ones await one verdict each, the odd ones take status updates, so neither meets a transition the table refuses.</summary>
    private sealed class ClaimPool
    {
        private readonly List<(int Number, string Name)> _all = [];
        private readonly List<string> _forStatus = [];
        private readonly Queue<string> _forVerdict = new();
        private readonly List<string> _verdicted = [];
        private int _next = -1;
        private long _unindexed;

        /// <summary>The matching indexer's backlog, as the latest MatchClaims answer counted it.</summary>
        public long Unindexed
        {
            get => Interlocked.Read(ref _unindexed);
            set => Interlocked.Exchange(ref _unindexed, value);
        }

        public int Count
        {
            get
            {
                lock (_all)
                {
                    return _all.Count;
                }
            }
        }

        public int NextNumber() => Interlocked.Increment(ref _next);

        public void Add(int number, string name)
        {
            lock (_all)
            {
                _all.Add((number, name));
                if (number % 2 == 0)
                {
                    _forVerdict.Enqueue(name);
                }
                else
                {
                    _forStatus.Add(name);
                }
            }
        }

        public (int Number, string Name) Any(Random random)
        {
            lock (_all)
            {
                return _all[random.Next(_all.Count)];
            }
        }

        public string? ForStatus(Random random)
        {
            lock (_all)
            {
                return _forStatus.Count == 0 ? null : _forStatus[random.Next(_forStatus.Count)];
            }
        }

        public string? TakeForVerdict()
        {
            lock (_all)
            {
                return _forVerdict.TryDequeue(out var name) ? name : null;
            }
        }

        public void Verdicted(string name)
        {
            lock (_all)
            {
                _verdicted.Add(name);
            }
        }

        public string? AnyVerdicted(Random random)
        {
            lock (_all)
            {
                return _verdicted.Count == 0 ? null : _verdicted[random.Next(_verdicted.Count)];
            }
        }
    }

    private static async Task CallOnceAsync(string method, Random random, ClaimsService.ClaimsServiceClient client, VerificationService.VerificationServiceClient desk, ClaimPool pool, CallLog log)
    {
        switch (method)
        {
            case "GetClaim":
                await log.CallAsync(method, async () => await client.GetClaimAsync(new GetClaimRequest { Name = pool.Any(random).Name }, deadline: BenchRun.Deadline));
                break;
            case "ListClaims":
                await log.CallAsync(method, async () => await client.ListClaimsAsync(
                    new ListClaimsRequest { Statuses = { ClaimStatus.Unverified }, Tag = SeedClaims.FilterTag, PageSize = 50 }, deadline: BenchRun.Deadline));
                break;
            case "ListClaims (full text)":
                await log.CallAsync(method, async () => await client.ListClaimsAsync(
                    new ListClaimsRequest { Query = SeedClaims.FullTextQuery, PageSize = 50 }, deadline: BenchRun.Deadline));
                break;
            case "CreateClaim":
                var number = pool.NextNumber();
                if (await log.CallAsync(method, async () => await client.CreateClaimAsync(new CreateClaimRequest { Claim = SeedClaims.Claim(number) }, deadline: BenchRun.Deadline)) is { } created)
                {
                    pool.Add(number, created.Name);
                }

                break;
            case "UpdateClaim":
                var (edited, name) = pool.Any(random);
                await log.CallAsync(method, async () => await client.UpdateClaimAsync(new UpdateClaimRequest
                {
                    Claim = new Claim { Name = name, Text = $"{SeedClaims.Claim(edited).Text} Revised ({random.Next():x})." },
                    UpdateMask = new FieldMask { Paths = { "text" } },
                }, deadline: BenchRun.Deadline));
                break;
            case "UpdateClaimStatus":
                if (pool.ForStatus(random) is { } pending)
                {
                    await log.CallAsync(method, async () => await client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest
                    {
                        Name = pending,
                        Status = ClaimStatus.Pending,
                        // PENDING to PENDING is a change only when the detail is news.
                        StatusDetail = $"awaiting a second source ({random.Next():x})",
                        Reason = "one source so far",
                    }, deadline: BenchRun.Deadline));
                }

                break;
            case "RecordVerdict":
                if (pool.TakeForVerdict() is { } confirmed
                    && await log.CallAsync(method, async () => await desk.RecordVerdictAsync(VerdictEndToEnd.Confirm(confirmed), deadline: BenchRun.Deadline)) is not null)
                {
                    pool.Verdicted(confirmed);
                }

                break;
            case "GetVerificationSummary":
                if (pool.AnyVerdicted(random) is { } summarized)
                {
                    await log.CallAsync(method, async () => await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = summarized }, deadline: BenchRun.Deadline));
                }

                break;
            case "MatchClaims":
                if (await log.CallAsync(method, async () => await client.MatchClaimsAsync(
                    new MatchClaimsRequest { Text = SeedClaims.Claim(pool.Any(random).Number).Text, PageSize = 10 }, deadline: BenchRun.Deadline)) is { } matches)
                {
                    pool.Unindexed = matches.UnindexedClaims;
                }

                break;
            default:
                throw new ArgumentException($"no soak call named {method}", nameof(method));
        }
    }

    /// <summary>
    /// <paramref name="callers"/> loops sharing <paramref name="perSecond"/>, each starting its
    /// calls on a fixed schedule until <paramref name="duration"/> has passed on <paramref name="clock"/>.
    /// A caller that fell behind (a slow answer) starts its next call at once but never bursts to
    /// catch up, so a stall lowers the rate instead of piling up calls.
    /// </summary>
    private static Task PacedAsync(double perSecond, int callers, Stopwatch clock, TimeSpan duration, Func<Random, Task> call) =>
        Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller * 7919 + (int)(perSecond * 100));
            var interval = TimeSpan.FromSeconds(callers / perSecond);
            var next = interval * caller / callers;
            while (next < duration)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await call(random);
                next = next + interval < clock.Elapsed ? clock.Elapsed : next + interval;
            }
        })));

    /// <summary>What one watcher received: events, the last sequence, and any that came out of order, repeated or after a gap.</summary>
    private sealed class WatchCount(long after)
    {
        public long Received;
        public long Connections;
        public long OutOfOrder;
        public long Gaps;

        public long LastSequence { get; set; } = after;

        public void Saw(long sequence)
        {
            Interlocked.Increment(ref Received);
            if (sequence <= LastSequence)
            {
                Interlocked.Increment(ref OutOfOrder);
                return;
            }

            if (sequence != LastSequence + 1)
            {
                Interlocked.Increment(ref Gaps);
            }

            LastSequence = sequence;
        }
    }

    /// <summary>
    /// A watcher that stays connected for the whole run, as a dashboard would. If the stream fails
    /// it resumes from the last sequence it saw (the failure counted under WatchClaims), as a client should.
    /// </summary>
    private static async Task WatchAsync(ClaimsService.ClaimsServiceClient client, WatchCount count, CallLog log, DateTime deadline, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await log.CallAsync("WatchClaims", async () =>
            {
                Interlocked.Increment(ref count.Connections);
                try
                {
                    using var call = client.WatchClaims(new WatchClaimsRequest { AfterSequence = count.LastSequence }, deadline: deadline, cancellationToken: ct);
                    await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
                    {
                        count.Saw(e.Sequence);
                    }

                    throw new RpcException(new Status(StatusCode.Unknown, "the service ended a watch"));
                }
                catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
                {
                    return count; // The harness hung up: the end of the run.
                }
            });
            if (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// A watcher that comes and goes: resumes from a little before where the steady watcher is,
    /// reads for one to four seconds, hangs up, waits a second and connects again, until the load ends.
    /// </summary>
    private static async Task ReconnectAsync(ClaimsService.ClaimsServiceClient client, WatchCount steady, WatchCount count, CallLog log, Stopwatch clock, TimeSpan duration)
    {
        var random = Random.Shared;
        while (clock.Elapsed < duration)
        {
            using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(1 + 3 * random.NextDouble()));
            await log.CallAsync("WatchClaims (reconnecting)", async () =>
            {
                Interlocked.Increment(ref count.Connections);
                try
                {
                    using var call = client.WatchClaims(
                        new WatchClaimsRequest { AfterSequence = Math.Max(0, steady.LastSequence - 20) }, deadline: BenchRun.Deadline, cancellationToken: hangUp.Token);
                    await foreach (var _ in call.ResponseStream.ReadAllAsync(hangUp.Token))
                    {
                        Interlocked.Increment(ref count.Received);
                    }

                    throw new RpcException(new Status(StatusCode.Unknown, "the service ended a watch"));
                }
                catch (Exception e) when (hangUp.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
                {
                    return count;
                }
            });
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static int DistinctHooks(WebhookReceiver receiver) => receiver.Accepted.Select(p => p.EventId).Distinct(StringComparer.Ordinal).Count();

    private sealed record Sample(double Seconds, ProcGauges Claims, ProcGauges Verification, DatabaseBytes ClaimsDb, DatabaseBytes VerificationDb, int ClaimsCreated, long Unindexed);

    /// <summary>
    /// A SQLite database's bytes on disk: the file, and apart from it the write-ahead log with its
    /// shared-memory index, which SQLite reuses after each checkpoint rather than shrinks, so it
    /// levels off at its high-water mark instead of following the data.
    /// </summary>
    private sealed record DatabaseBytes(long File, long Wal)
    {
        public static DatabaseBytes Of(string database) => new(Size(database), Size(database + "-wal") + Size(database + "-shm"));

        private static long Size(string file) => System.IO.File.Exists(file) ? new FileInfo(file).Length : 0;
    }

    private static async Task SampleAsync(List<Sample> samples, Func<Sample> take, TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            do
            {
                var sample = take();
                lock (samples)
                {
                    samples.Add(sample);
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The load ended; the caller takes the last sample.
        }
    }

    private static void ReportCalls(BenchReport report, CallLog log, TimeSpan loaded)
    {
        foreach (var (method, calls) in log.Methods.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var latency = calls.Latencies();
            var timing = latency is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; p50 {latency.P50:0.0} ms, p99 {latency.P99:0.0} ms, slowest {latency.Max:0} ms");
            var streaming = method.StartsWith("WatchClaims", StringComparison.Ordinal);
            report.Add(Name, $"{method} calls", calls.Calls, "calls",
                streaming ? "connections" : string.Create(CultureInfo.InvariantCulture, $"{calls.Calls / loaded.TotalSeconds:0.0}/s{timing}"));
            report.Add(Name, $"{method} errors", calls.Failed, "calls", CallLog.Describe(calls.Errors));
        }
    }

    private static void ReportDelivery(BenchReport report, WatchCount[] watchers, WatchCount reconnecting, long expectedEvents, long expectedHooks, WebhookReceiver receiver, TimeSpan drained)
    {
        var fewest = watchers.Min(w => w.Received);
        report.Add(Name, "watch events expected", expectedEvents, "events", "acknowledged creates, edits, status updates and verdicts during the load");
        report.Add(Name, "watch events received (fewest)", fewest, "events",
            $"of {watchers.Length} watchers connected throughout (most {watchers.Max(w => w.Received):N0}); all in {drained.TotalSeconds:0.0} s after the load stopped");
        report.Add(Name, "watch events out of order or repeated", watchers.Sum(w => w.OutOfOrder), "events", "summed over the watchers connected throughout");
        report.Add(Name, "watch sequence gaps", watchers.Sum(w => w.Gaps), "gaps", "summed over the watchers connected throughout");
        report.Add(Name, "watch reconnections", watchers.Sum(w => w.Connections) - watchers.Length, "", "by the watchers meant to stay connected, after a stream failed");
        report.Add(Name, "reconnecting watchers' events", reconnecting.Received, "events", $"over {reconnecting.Connections:N0} connections, each resuming 20 events back");
        var posts = receiver.Posts;
        report.Add(Name, "webhook status changes expected", expectedHooks, "events", "acknowledged status updates and verdicts during the load");
        report.Add(Name, "webhook events received", DistinctHooks(receiver), "events", $"distinct event ids answered 200; {posts.Count:N0} posts in all");
    }

    private static void ReportGrowth(BenchReport report, List<Sample> samples, TimeSpan loaded)
    {
        var window = loaded * Growth.WindowFraction;
        var windows = string.Create(CultureInfo.InvariantCulture, $"mean of the samples in the first / last {window.TotalSeconds:0} s");
        void Gauge(string label, string unit, Func<Sample, double> value)
        {
            var growth = Growth.Of(samples.Select(s => (s.Seconds, value(s))).ToList());
            var change = growth.First == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({growth.Change / growth.First:+0.0%;-0.0%;0%})");
            report.Add(Name, $"{label}, first window", growth.First, unit, windows);
            report.Add(Name, $"{label}, last window", growth.Last, unit, string.Create(CultureInfo.InvariantCulture, $"change {growth.Change:+0.##;-0.##;0}{change}"));
            report.Add(Name, $"{label}, peak", growth.Peak, unit, $"of {samples.Count} samples");
            report.Add(Name, $"{label}, slope", growth.SlopePerHour, $"{unit}/h",
                string.Create(CultureInfo.InvariantCulture, $"least squares over the run; over its second half {growth.SecondHalfSlopePerHour:0.##} {unit}/h"));
        }

        foreach (var (service, gauges) in new (string, Func<Sample, ProcGauges>)[] { ("claims", s => s.Claims), ("verification", s => s.Verification) })
        {
            Gauge($"{service} RSS", "MB", s => gauges(s).RssMb);
            Gauge($"{service} threads", "", s => gauges(s).Threads);
            Gauge($"{service} open descriptors", "", s => gauges(s).OpenFiles);
            var cpu = (gauges(samples[^1]).CpuSeconds - gauges(samples[0]).CpuSeconds) / (samples[^1].Seconds - samples[0].Seconds);
            report.Add(Name, $"{service} CPU", cpu * 100, "% core", "utime+stime over the load, of one core");
        }

        Gauge("claims database file", "MB", s => s.ClaimsDb.File / 1024.0 / 1024);
        Gauge("claims database WAL", "MB", s => s.ClaimsDb.Wal / 1024.0 / 1024);
        Gauge("verification database file", "MB", s => s.VerificationDb.File / 1024.0 / 1024);
        Gauge("verification database WAL", "MB", s => s.VerificationDb.Wal / 1024.0 / 1024);
        Gauge("matching backlog", "claims", s => s.Unindexed);
        var added = samples[^1].ClaimsCreated - samples[0].ClaimsCreated;
        report.Add(Name, "claims created during the load", added, "claims", $"{samples[^1].ClaimsCreated:N0} in all");
        // What the data explains: the matching index keeps every indexed claim's vectors in memory,
        // so the claims service's RSS must grow with the claims indexed (created, less the backlog
        // still waiting); the rest of its memory is bounded by settings.
        var claimsRss = Growth.Of(samples.Select(s => (s.Seconds, s.Claims.RssMb)).ToList());
        var indexed = Math.Max(0, added - (samples[^1].Unindexed - samples[0].Unindexed));
        var vectors = indexed * VectorIndexBytesPerClaim / 1024 / 1024;
        report.Add(Name, "claims RSS growth the vector index explains", vectors, "MB",
            string.Create(CultureInfo.InvariantCulture, $"{indexed:N0} claims indexed (created less the backlog's growth) × {VectorIndexBytesPerClaim:0} bytes (two vectors of 384 floats and their entries)"));
        report.Add(Name, "claims RSS growth beyond it", claimsRss.Change - vectors, "MB", "last window's mean minus the first's, minus the vector index's share");
        report.Note("soak: the GC heap is not sampled (it cannot be read from outside the process without dotnet-counters, which the harness does not require); RSS, threads and descriptors come from /proc");
    }

    private static async Task WriteSamplesAsync(string directory, List<Sample> samples)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("seconds,claims_rss_mb,claims_threads,claims_fds,claims_cpu_s,verification_rss_mb,verification_threads,verification_fds,verification_cpu_s,claims_db_bytes,claims_wal_bytes,verification_db_bytes,verification_wal_bytes,claims_created,unindexed_claims\n");
        foreach (var s in samples)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Seconds:0.0},{s.Claims.RssMb:0.0},{s.Claims.Threads},{s.Claims.OpenFiles},{s.Claims.CpuSeconds:0.00},{s.Verification.RssMb:0.0},{s.Verification.Threads},{s.Verification.OpenFiles},{s.Verification.CpuSeconds:0.00},{s.ClaimsDb.File},{s.ClaimsDb.Wal},{s.VerificationDb.File},{s.VerificationDb.Wal},{s.ClaimsCreated},{s.Unindexed}"));
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "soak-samples.csv"), csv.ToString());
    }
}
