using System.Data.Common;
using FactCheck.Storage;
using FactCheck.Testing;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>
/// The SQLite dialect's point reads run on connections it holds open with the statement kept
/// prepared. Holding them must not cost correctness: every read sees the latest commit, a failed
/// read leaves the next one working, and no held connection keeps the WAL from being checkpointed.
/// </summary>
public sealed class SqliteReadSessionTests : IDisposable
{
    private const string ReadValue = "SELECT v FROM t WHERE id = @id";

    private readonly TempFolder _folder = new("factcheck-sqlite-reads-");
    private readonly SqliteDialect _dialect;

    public SqliteReadSessionTests()
    {
        _dialect = new SqliteDialect(_folder.Sqlite("reads.db"));
        _dialect.MigrateAsync(async connection =>
        {
            await using var create = SqlDialect.CreateCommand(connection, null, "CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER NOT NULL); INSERT INTO t VALUES ('a', 0)", []);
            await create.ExecuteNonQueryAsync();
        }, default).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _dialect.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Each_read_sees_the_commit_made_just_before_it_on_another_connection()
    {
        for (var value = 1; value <= 50; value++)
        {
            await SetAsync(value);
            Assert.Equal(value, await ReadAsync());
        }
    }

    [Fact]
    public async Task Concurrent_readers_never_see_a_value_go_back_while_a_writer_commits()
    {
        var writer = Task.Run(async () =>
        {
            for (var value = 1; value <= 300; value++)
            {
                await SetAsync(value);
            }
        });
        var readers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var last = -1L;
            while (true)
            {
                // A read that starts after the last commit must see it: that read ends the loop.
                var afterLastCommit = writer.IsCompleted;
                var seen = await ReadAsync();
                Assert.True(seen >= last, $"read {seen} after {last}");
                last = seen;
                if (afterLastCommit)
                {
                    break;
                }
            }

            return last;
        })).ToList();

        await writer;
        var finals = await Task.WhenAll(readers);

        Assert.All(finals, last => Assert.Equal(300, last));
    }

    [Fact]
    public async Task A_read_that_fails_leaves_the_next_reads_working()
    {
        var mapping = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _dialect.ReadAsync<long>(ReadValue, [("@id", "a")], (_, _) => throw new InvalidOperationException("the mapping failed"), default));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _dialect.ReadAsync(ReadValue, [("@id", "a")], ReadOne, cancelled.Token));

        await SetAsync(7);

        Assert.Equal("the mapping failed", mapping.Message);
        Assert.Equal(7, await ReadAsync());
    }

    [Fact]
    public async Task Held_read_connections_do_not_keep_the_log_from_being_checkpointed()
    {
        // Several sessions held open by concurrent reads, then idle.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ReadAsync()));
        await SetAsync(1);

        await using var connection = await _dialect.OpenAsync(default);
        await using var checkpoint = SqlDialect.CreateCommand(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)", []);
        await using var result = await checkpoint.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync());

        // busy = 0: no reader held a snapshot that stopped the checkpoint from finishing.
        Assert.Equal(0, result.GetInt64(0));
    }

    private Task<long> ReadAsync() => _dialect.ReadAsync(ReadValue, [("@id", "a")], ReadOne, default);

    private static async Task<long> ReadOne(DbDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? reader.GetInt64(0) : throw new InvalidOperationException("no row");

    private async Task SetAsync(long value)
    {
        await using var connection = await _dialect.OpenAsync(default);
        await using var write = await _dialect.BeginWriteAsync(connection, default);
        await using (var update = SqlDialect.CreateCommand(connection, write.Transaction, "UPDATE t SET v = @v WHERE id = 'a'", [("@v", value)]))
        {
            await update.ExecuteNonQueryAsync();
        }

        await write.Transaction.CommitAsync();
    }
}
