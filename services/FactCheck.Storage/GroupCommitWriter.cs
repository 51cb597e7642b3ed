using System.Data.Common;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace FactCheck.Storage;

/// <summary>
/// How many transactions a store's group commit has committed, how many writes they carried, and
/// how many writes wait in its queue for a batch to take them (the queue is empty while a batch
/// runs on what it took).
/// </summary>
public readonly record struct GroupCommitCounts(long Commits, long Writes, int Queued);

/// <summary>
/// Group commit: one writer loop per store takes the writes queued meanwhile (up to
/// <see cref="MaxBatch"/>), runs them in one write transaction, each inside its own savepoint,
/// and commits once, so concurrent callers share one fsync instead of paying one each under the
/// write lock. Nothing waits for a batch to fill: a write that arrives while the database is idle
/// starts at once; writes that arrive while a commit is in flight form the next batch.
///
/// A write that throws (a refusal, a constraint, any error) rolls back to its savepoint: it
/// leaves nothing behind and its neighbours go on. Nobody is answered before the batch's fate is
/// known: after the COMMIT, each caller gets its result or its own exception; if opening,
/// rolling back to a savepoint or committing fails, every write of the batch gets that failure
/// and none is acknowledged (a refusal decided on top of a neighbour's uncommitted write would
/// otherwise outlive that write). The transaction holds the dialect's write lock throughout, so
/// sequence numbers assigned with MAX + 1 stay gap-free and in commit order.
///
/// A caller cancelled while its write is still queued is skipped; once its batch has started,
/// the write runs to its end regardless: the bodies run with no cancellation at all, because
/// interrupting a SQLite statement can roll back the whole transaction, neighbours included.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    /// <summary>The most writes one transaction carries, so one batch's latency stays bounded under any queue.</summary>
    public const int MaxBatch = 64;

    // One name serves every write: each savepoint is released (or rolled back and released) before the next starts.
    private const string Savepoint = "group_commit_write";

    // Read by the loop alone, but not created SingleReader: that channel cannot count its items (Counts.Queued).
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>();
    private readonly SqlDialect _dialect;
    private readonly Func<DbConnection, DbTransaction, CancellationToken, Task> _beforeCommit;
    private readonly Action _afterCommit;
    private readonly string _storeName;
    private readonly Task _loop;
    private long _commits;
    private long _writes;

    /// <param name="beforeCommit">Runs once per batch that applied a write, inside its transaction (PostgreSQL's NOTIFY).</param>
    /// <param name="afterCommit">Runs once per committed batch that applied a write, after each write's own <c>committed</c> callback and before its callers are answered.</param>
    public GroupCommitWriter(SqlDialect dialect, string storeName, Func<DbConnection, DbTransaction, CancellationToken, Task> beforeCommit, Action afterCommit)
    {
        _dialect = dialect;
        _storeName = storeName;
        _beforeCommit = beforeCommit;
        _afterCommit = afterCommit;

        // The loop outlives whichever call happened to create it: it must not carry that call's
        // execution context (its Activity.Current above all) into every later batch.
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(RunAsync);
        }
    }

    public GroupCommitCounts Counts => new(Interlocked.Read(ref _commits), Interlocked.Read(ref _writes), _queue.Reader.Count);

    /// <summary>
    /// Queues <paramref name="body"/> for the next batch; completes after the batch's commit with
    /// the body's result or exception. <paramref name="committed"/>, when given, receives the
    /// result once the batch has committed, in the batch's order, before <c>afterCommit</c> runs
    /// and before any caller is answered.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> body, Action<T>? committed, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var write = new QueuedWrite<T>(body, committed, Activity.Current, ct);
        if (!_queue.Writer.TryWrite(write))
        {
            write.Dispose();
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "the store is shutting down and takes no more writes");
        }

        var result = await write.Result;
        Activity.Current?.SetTag("db.operation.batch.size", write.BatchSize);
        return result;
    }

    /// <summary>Takes no more writes, lets the loop finish those already queued, then returns.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private async Task RunAsync()
    {
        var batch = new List<QueuedWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                if (write.TryStart())
                {
                    batch.Add(write);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<QueuedWrite> batch)
    {
        var none = CancellationToken.None;
        var applied = 0;
        DbConnection? connection = null;
        try
        {
            connection = await _dialect.OpenWriterAsync(none);
            await using var scope = await _dialect.BeginWriteAsync(connection, none);
            var tx = scope.Transaction;
            foreach (var write in batch)
            {
                await tx.SaveAsync(Savepoint, none);

                // The database driver's spans for this write belong under its caller's store span.
                Activity.Current = write.CallerSpan;
                bool succeeded;
                try
                {
                    succeeded = await write.RunAsync(connection, tx, none);
                }
                finally
                {
                    Activity.Current = null;
                }

                if (succeeded)
                {
                    applied++;
                }
                else if (write.Error is { } error && DatabaseFaultRules.Classify(error) is not null)
                {
                    // The database failed, not this write: SQLite rolls the whole transaction back
                    // on a full disk or an I/O error, and a lost connection takes it with it. No
                    // write of the batch can commit, and each caller hears the database's fault.
                    ExceptionDispatchInfo.Throw(error);
                }
                else
                {
                    await tx.RollbackAsync(Savepoint, none);
                }

                // After ROLLBACK TO the savepoint still exists; releasing it keeps savepoints from nesting.
                await tx.ReleaseAsync(Savepoint, none);
            }

            if (applied > 0)
            {
                await _beforeCommit(connection, tx, none);
            }

            await tx.CommitAsync(none);
        }
        catch (Exception batchFailure)
        {
            if (connection is not null)
            {
                await _dialect.ReleaseWriter(connection, healthy: false);
            }

            // The transaction is gone: whatever each write did or decided, none of it is acknowledged.
            foreach (var write in batch)
            {
                write.Fail(batchFailure);
            }

            return;
        }

        await _dialect.ReleaseWriter(connection, healthy: true);

        try
        {
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _writes, applied);
            StoreTelemetry.RecordBatch(_storeName, _dialect, batch.Count);
            if (applied > 0)
            {
                // A committed write is the one proof that a full disk has room again.
                _dialect.Faults?.Wrote();
                foreach (var write in batch)
                {
                    write.Committed();
                }

                _afterCommit();
            }
        }
        finally
        {
            // Committed: every caller is answered whatever the bookkeeping above did.
            foreach (var write in batch)
            {
                write.Answer(batch.Count);
            }
        }
    }

    /// <summary>One caller's write, queued or running; exactly one of skip, answer or fail reaches its caller.</summary>
    private abstract class QueuedWrite : IDisposable
    {
        private const int Queued = 0;
        private const int Started = 1;
        private const int Cancelled = 2;

        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenRegistration _cancellation;
        private int _state;

        protected QueuedWrite(Activity? callerSpan, CancellationToken ct)
        {
            CallerSpan = callerSpan;
            _callerToken = ct;
            _cancellation = ct.Register(static w => ((QueuedWrite)w!).CancelIfQueued(), this);
        }

        public Activity? CallerSpan { get; }

        public int BatchSize { get; private set; }

        /// <summary>Moves the write from queued to running; false when its caller cancelled first (then it is skipped).</summary>
        public bool TryStart()
        {
            var started = Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;
            _cancellation.Dispose();
            return started;
        }

        /// <summary>What the write threw when it ran, if it did.</summary>
        public abstract Exception? Error { get; }

        /// <summary>Runs the write in the batch's transaction; false when it threw (the exception is kept for its caller).</summary>
        public abstract Task<bool> RunAsync(DbConnection connection, DbTransaction tx, CancellationToken ct);

        /// <summary>After a successful commit, hands a write that applied its result to whoever asked to see it.</summary>
        public abstract void Committed();

        /// <summary>Answers the caller after a successful commit: its result, or the exception its own write threw.</summary>
        public void Answer(int batchSize)
        {
            BatchSize = batchSize;
            Deliver();
        }

        public abstract void Fail(Exception error);

        public void Dispose() => _cancellation.Dispose();

        protected abstract void Deliver();

        protected abstract void Cancel(CancellationToken ct);

        private void CancelIfQueued()
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            {
                Cancel(_callerToken);
            }
        }
    }

    private sealed class QueuedWrite<T>(
        Func<DbConnection, DbTransaction, CancellationToken, Task<T>> body, Action<T>? committed, Activity? callerSpan, CancellationToken ct)
        : QueuedWrite(callerSpan, ct)
    {
        // Callers' continuations run on the thread pool, never inline on the writer loop.
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private Exception? _error;

        public Task<T> Result => _answer.Task;

        public override Exception? Error => _error;

        public override async Task<bool> RunAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
        {
            try
            {
                _value = await body(connection, tx, ct);
                return true;
            }
            catch (Exception e)
            {
                // This write's own failure: its savepoint is rolled back and only its caller hears of it.
                _error = e;
                return false;
            }
        }

        public override void Fail(Exception error) => _answer.TrySetException(error);

        public override void Committed()
        {
            if (_error is null)
            {
                committed?.Invoke(_value!);
            }
        }

        protected override void Deliver()
        {
            if (_error is null)
            {
                _answer.TrySetResult(_value!);
            }
            else
            {
                _answer.TrySetException(_error);
            }
        }

        protected override void Cancel(CancellationToken ct) => _answer.TrySetCanceled(ct);
    }
}
