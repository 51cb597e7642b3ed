using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FactCheck.Storage;

/// <summary>
/// Connections held open for point reads, each keeping its statements prepared across calls.
/// Microsoft.Data.Sqlite prepares a command's statement again whenever the command is new, and
/// a pooled connection keeps no statements once it is closed; a profile of GetClaim had
/// preparing the SELECT as the largest part of the call's SQLite time. A session is used by one
/// read at a time. Outside a transaction each statement reads the latest commit (WAL), so a
/// held connection sees every write, and, its statements reset when each read ends, holds no
/// snapshot that would stop a checkpoint.
/// </summary>
internal sealed class SqliteReadSessions(Func<CancellationToken, Task<DbConnection>> open) : IDisposable
{
    // More idle sessions than this are closed when returned: enough for the thread pool's readers on a few cores.
    private const int MaxIdle = 32;

    private readonly ConcurrentBag<Session> _idle = [];
    private int _disposed;

    public async Task<T> ReadAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters,
        Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var session = _idle.TryTake(out var idle) ? idle : new Session((SqliteConnection)await open(ct));
        var healthy = false;
        try
        {
            var command = session.Command(sql, parameters);
            for (var i = 0; i < parameters.Count; i++)
            {
                command.Parameters[parameters[i].Name].Value = parameters[i].Value ?? DBNull.Value;
            }

            T result;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                result = await read(reader, ct);
            }

            healthy = true;
            return result;
        }
        finally
        {
            // A session whose read failed may be mid-statement or broken: it is not reused.
            if (healthy && Volatile.Read(ref _disposed) == 0 && _idle.Count < MaxIdle)
            {
                _idle.Add(session);
                if (Volatile.Read(ref _disposed) != 0)
                {
                    // Disposed while this read ran: close what Dispose may have missed.
                    Drain();
                }
            }
            else
            {
                session.Dispose();
            }
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private sealed class Session(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        /// <summary>The command for <paramref name="sql"/>, prepared on first use, with the parameters the first caller named.</summary>
        public SqliteCommand Command(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, _) in parameters)
                {
                    command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
                }

                command.Prepare();
                _commands[sql] = command;
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
