using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ModelOpt.Cluster.Journal;

/// <summary>
/// A journal opened for reading only, from the same argument a node's <c>--journal</c> takes: a SQLite file path (or
/// <c>Data Source=…</c>), or a PostgreSQL connection string (<c>Host=…</c>). SQLite is opened read-only (a writer in WAL
/// mode goes on undisturbed, and a reader sees its last commit); PostgreSQL sessions are read-only transactions.
/// Nothing is ever created: a path with no file is an error.
/// </summary>
public sealed class JournalConnection
{
    private readonly string _connectionString;
    private readonly bool _postgres;

    private JournalConnection(string connectionString, bool postgres, string description, string? file)
    {
        _connectionString = connectionString;
        _postgres = postgres;
        Description = description;
        File = file;
    }

    /// <summary>How messages name the journal: the SQLite file, or the PostgreSQL host and database.</summary>
    public string Description { get; }

    /// <summary>The SQLite file, or null for PostgreSQL.</summary>
    public string? File { get; }

    /// <summary>Throws <see cref="JournalException"/> for a path with no file or a connection string that does not parse.</summary>
    public static JournalConnection For(string journal)
    {
        if (journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(journal);
            }
            catch (ArgumentException e)
            {
                throw new JournalException($"journal: not a PostgreSQL connection string ({e.Message})");
            }
            builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
            return new JournalConnection(builder.ConnectionString, postgres: true, $"PostgreSQL {builder.Host}/{builder.Database}", null);
        }
        var path = journal.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new SqliteConnectionStringBuilder(journal).DataSource
            : journal;
        var full = Path.GetFullPath(path);
        if (!System.IO.File.Exists(full)) throw new JournalException($"journal: no file '{full}'");
        var sqlite = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        return new JournalConnection(sqlite.ConnectionString, postgres: false, full, full);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (DbException e)
        {
            await connection.DisposeAsync();
            throw new JournalException($"journal {Description}: cannot open it: {e.Message}");
        }
    }
}
