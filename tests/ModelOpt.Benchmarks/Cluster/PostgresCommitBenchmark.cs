using System.Diagnostics;
using ModelOpt.Cluster.Persistence;
using Npgsql;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// Where one PostgreSQL group commit's time goes, without actors: <c>--commits</c> commits one after another, each of
/// <c>--rows</c> journal rows (a finished trial's result and the next trial's start) of <c>--bytes</c> each, through the
/// journal's own writer and row store, in <c>--rounds</c> rounds that take the three paths in turn (so load affects all
/// alike): a prepared <c>SELECT 1</c> (one round trip, the floor), the durable commit the journal makes, and the same
/// commit with <c>synchronous_commit=off</c> (everything but the WAL flush; durable minus this is the flush).
/// Needs an empty database it may create a journal table in.
/// </summary>
public sealed class PostgresCommitBenchmark : IBenchmark
{
    public string Name => "pg-commit";
    public string Usage => "--journal <PostgreSQL connection string> [--commits 500] [--rows 2] [--bytes 300] [--rounds 3]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var connectionString = args.String("journal", "");
        if (!connectionString.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)) throw new UsageException("--journal must be a PostgreSQL connection string (Host=…)");
        var commits = args.Int("commits", 500);
        var rowsPerCommit = args.Int("rows", 2);
        var bytes = args.Int("bytes", 300);
        var rounds = args.Int("rounds", 3);
        await CreateTable(connectionString);
        var table = new JournalTable("\"journal\"", "\"created\"", "\"deleted\"", "\"persistence_id\"", "\"sequence_number\"",
            "\"message\"", "\"manifest\"", "\"identifier\"", "\"writer_uuid\"");
        var noFlush = new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c synchronous_commit=off" }.ConnectionString;
        var roundTrip = new List<double>();
        var durable = new List<double>();
        var unflushed = new List<double>();
        var run = Guid.NewGuid().ToString("N");
        for (var round = 0; round < rounds; round++)
        {
            roundTrip.AddRange(await RoundTrips(connectionString, commits));
            durable.AddRange(await Commits(() => new PostgresJournalRowStore(connectionString, table, "bench"), Writes($"durable-{run}-{round}", commits, rowsPerCommit, bytes)));
            unflushed.AddRange(await Commits(() => new PostgresJournalRowStore(noFlush, table, "bench"), Writes($"unflushed-{run}-{round}", commits, rowsPerCommit, bytes)));
        }
        return new
        {
            benchmark = Name,
            commits = commits * rounds,
            rows_per_commit = rowsPerCommit,
            bytes_per_row = bytes,
            round_trip_ms = Summary(roundTrip),
            group_commit_ms = Summary(durable),
            group_commit_without_wal_flush_ms = Summary(unflushed),
            load_average = File.ReadAllText("/proc/loadavg").Split(' ')[0],
        };
    }

    private static async Task CreateTable(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Akka.Persistence.Sql's PostgreSQL journal table and indexes, so each insert maintains what the journal's does.
        await using var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS journal (ordering bigserial PRIMARY KEY, created bigint NOT NULL, deleted boolean NOT NULL, " +
            "persistence_id text NOT NULL, sequence_number bigint NOT NULL, message bytea NOT NULL, manifest text, identifier integer, " +
            "writer_uuid text, CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number)); " +
            "CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created); " +
            "CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<List<double>> RoundTrips(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT 1", connection);
        await select.PrepareAsync();
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await select.ExecuteScalarAsync();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return samples;
    }

    /// <summary>One entity's writes: <paramref name="count"/> of <paramref name="rows"/> events each, numbered from 1.</summary>
    private static List<JournalRow[]> Writes(string persistenceId, int count, int rows, int bytes) =>
        [.. Enumerable.Range(0, count).Select(i => Enumerable.Range(1, rows)
            .Select(r => new JournalRow(persistenceId, (long)i * rows + r, new byte[bytes], "m", 1, DateTime.UtcNow.Ticks)).ToArray())];

    /// <summary>Commits one after another through a <see cref="GroupCommitWriter"/>, as one entity's writes arrive.</summary>
    private static async Task<List<double>> Commits(Func<IJournalRowStore> open, List<JournalRow[]> writes)
    {
        await using var writer = new GroupCommitWriter(open);
        await writer.WriteAsync(writes[0]); // opens and prepares: not timed
        var samples = new List<double>(writes.Count);
        foreach (var rows in writes.Skip(1))
        {
            var started = Stopwatch.GetTimestamp();
            await writer.WriteAsync(rows);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return samples;
    }

    private static object Summary(List<double> samples)
    {
        var sorted = samples.Order().ToList();
        double At(double q) => Math.Round(NearestRank.Of(sorted, q), 3);
        return new { mean = Math.Round(sorted.Average(), 3), p50 = At(0.5), p90 = At(0.9), p99 = At(0.99) };
    }
}
