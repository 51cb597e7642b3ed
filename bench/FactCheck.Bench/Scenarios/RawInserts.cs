using System.Data.Common;
using System.Diagnostics;

namespace FactCheck.Bench.Scenarios;

/// <summary>
/// The timing loop both raw write baselines share (<see cref="RawSqliteInserts"/>,
/// <see cref="RawPostgresInserts"/>): one writer inserting rows through a prepared command,
/// <c>rowsPerTransaction</c> to a transaction, until <c>maxRows</c> or <c>maxDuration</c>.
/// </summary>
public static class RawInserts
{
    /// <param name="insert">The insert on <paramref name="connection"/>; <paramref name="id"/> is its parameter for the row's unique id.</param>
    public static async Task<double> RowsPerSecondAsync(DbConnection connection, DbCommand insert, DbParameter id, int rowsPerTransaction, int maxRows, TimeSpan maxDuration)
    {
        var rows = 0;
        var watch = Stopwatch.StartNew();
        while (rows < maxRows && watch.Elapsed < maxDuration)
        {
            await using var tx = await connection.BeginTransactionAsync();
            insert.Transaction = tx;
            for (var i = 0; i < rowsPerTransaction; i++, rows++)
            {
                id.Value = $"row-{rows}";
                await insert.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        return rows / watch.Elapsed.TotalSeconds;
    }
}
