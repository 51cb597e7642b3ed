using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace FactCheck.Storage;

/// <summary>
/// The connection group commit writes on (<see cref="SqliteDialect.OpenWriterAsync"/>), held open
/// across batches with each statement prepared once. Microsoft.Data.Sqlite prepares a command's
/// statement again whenever the command is new, and a write runs ten or so statements: a profile
/// of CreateClaim at 64 callers had parsing and code generation inside SQLite at about half of
/// SQLite's CPU, as much as running the statements. Used by one batch at a time (the writer loop).
/// </summary>
internal sealed class SqliteWriterConnection(string connectionString) : SqliteConnection(connectionString)
{
    // Statements beyond this many distinct texts are not kept: a store's writes use a few dozen.
    private const int MaxStatements = 256;

    private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);

    /// <summary>
    /// The prepared command for <paramref name="sql"/> with <paramref name="parameters"/> bound, in
    /// <paramref name="tx"/>; null when it cannot be lent (too many statements, the same statement
    /// still in use, or parameters named differently from the first use), and the caller makes a
    /// command of its own.
    /// </summary>
    public DbCommand? Held(DbTransaction? tx, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            if (_statements.Count >= MaxStatements)
            {
                return null;
            }

            var created = CreateCommand();
            created.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                created.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            statement = new Statement(created);
            _statements[sql] = statement;
        }

        var command = statement.Command;
        if (statement.Lent || command.Parameters.Count != parameters.Count)
        {
            return null;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var index = command.Parameters.IndexOf(parameters[i].Name);
            if (index < 0)
            {
                return null;
            }

            command.Parameters[index].Value = parameters[i].Value ?? DBNull.Value;
        }

        command.Transaction = (SqliteTransaction?)tx;
        statement.Lent = true;
        return new HeldCommand(statement);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var statement in _statements.Values)
            {
                statement.Command.Dispose();
            }

            _statements.Clear();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// A held statement lent to one use: disposing it keeps the statement prepared (SQLite resets
    /// it when its reader or execution ends) and forgets the transaction and the bound values.
    /// </summary>
    private sealed class Statement(SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;

        public bool Lent { get; set; }
    }

    private sealed class HeldCommand(Statement statement) : DbCommand
    {
        private readonly SqliteCommand inner = statement.Command;

        [AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set => throw new NotSupportedException("a held statement keeps its text");
        }

        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

        protected override DbConnection? DbConnection
        {
            get => inner.Connection;
            set => throw new NotSupportedException("a held statement keeps its connection");
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => inner.Transaction;
            set => inner.Transaction = (SqliteTransaction?)value;
        }

        public override void Cancel() => inner.Cancel();

        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

        public override object? ExecuteScalar() => inner.ExecuteScalar();

        public override void Prepare() => inner.Prepare();

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);

        protected override void Dispose(bool disposing)
        {
            if (disposing && statement.Lent)
            {
                inner.Transaction = null;
                foreach (SqliteParameter parameter in inner.Parameters)
                {
                    parameter.Value = DBNull.Value;
                }

                statement.Lent = false;
            }

            base.Dispose(disposing);
        }
    }
}
