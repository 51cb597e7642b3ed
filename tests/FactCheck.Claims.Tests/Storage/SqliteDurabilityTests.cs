using System.Data.Common;
using System.Globalization;
using FactCheck.Storage;
using FactCheck.Testing;
using Microsoft.Data.Sqlite;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>
/// Every connection the SQLite dialect hands out commits with synchronous = FULL, whether its
/// native handle is new or reused from the pool (where the PRAGMA is not run again).
/// </summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    // PRAGMA synchronous answers with a number: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
    private const long Full = 2;

    private readonly TempFolder _folder = new("factcheck-sqlite-durability-");

    [Fact]
    public async Task A_new_handle_is_set_to_synchronous_full()
    {
        using var dialect = new SqliteDialect(_folder.Sqlite("fresh.db"));
        await using var connection = await dialect.OpenAsync(default);
        Assert.Equal(Full, await SynchronousAsync(connection));
    }

    [Fact]
    public async Task Handles_reused_from_the_pool_stay_synchronous_full()
    {
        using var dialect = new SqliteDialect(_folder.Sqlite("pooled.db"));
        for (var round = 0; round < 5; round++)
        {
            // Several open at once, so the pool holds several handles and later rounds reuse each.
            var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => dialect.OpenAsync(default)));
            foreach (var connection in connections)
            {
                Assert.Equal(Full, await SynchronousAsync(connection));
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_pooled_handle_left_at_normal_by_other_code_is_set_back_to_full()
    {
        var file = _folder.Sqlite("shared-pool.db");
        using var dialect = new SqliteDialect(file);

        // Same connection string, same pool: this handle goes back to the pool set to NORMAL, and the dialect gets it next.
        await using (var other = new SqliteConnection(file))
        {
            await other.OpenAsync();
            await using var relaxed = other.CreateCommand();
            relaxed.CommandText = "PRAGMA synchronous = NORMAL";
            await relaxed.ExecuteNonQueryAsync();
        }

        await using var connection = await dialect.OpenAsync(default);
        Assert.Equal(Full, await SynchronousAsync(connection));
    }

    private static async Task<long> SynchronousAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public void Dispose() => _folder.Dispose();
}
