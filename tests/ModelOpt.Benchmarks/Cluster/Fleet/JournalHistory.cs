using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ModelOpt.Benchmarks.Cluster.Fleet;

/// <summary>One placement of a trial on a slot, from its journaled start to its journaled end (null while it runs or when it was lost).</summary>
public sealed record Attempt(string SearchId, string TrialId, DateTimeOffset Started, DateTimeOffset? Ended, string Outcome);

/// <summary>
/// Every attempt of every search, read back from the journal (SQLite file or PostgreSQL) the benchmark ran against:
/// the timestamps the coordinators journaled, so fairness and throughput are judged from what the cluster recorded.
/// </summary>
public static class JournalHistory
{
    public static async Task<IReadOnlyList<Attempt>> ReadAsync(string journal)
    {
        var rows = new List<(string Pid, string Manifest, byte[] Message)>();
        const string where = "persistence_id LIKE 'search-%' AND manifest IN ('trial-started.1', 'trial-completed.1', 'trial-failed.1', 'trial-stopped.1', 'trial-requeued.1')";
        if (journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            await using var pg = new NpgsqlConnection(journal);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT persistence_id, manifest, message FROM journal WHERE {where} ORDER BY ordering", pg);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), (byte[])reader[2]));
        }
        else
        {
            using var sqlite = new SqliteConnection($"Data Source={journal};Pooling=false;Mode=ReadOnly");
            sqlite.Open();
            using var command = sqlite.CreateCommand();
            command.CommandText = $"SELECT persistence_id, manifest, message FROM journal WHERE {where} ORDER BY ordering";
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), (byte[])reader[2]));
        }

        var attempts = new List<Attempt>();
        var open = new Dictionary<(string, string), int>();
        foreach (var (pid, manifest, message) in rows)
        {
            using var json = JsonDocument.Parse(message);
            var body = json.RootElement;
            var key = (pid["search-".Length..], body.GetProperty("TrialId").GetString()!);
            if (manifest == "trial-started.1")
            {
                open[key] = attempts.Count;
                attempts.Add(new Attempt(key.Item1, key.Item2, body.GetProperty("StartedAt").GetDateTimeOffset(), null, "running"));
                continue;
            }
            if (!open.Remove(key, out var index)) continue;
            var (at, outcome) = manifest switch
            {
                "trial-completed.1" => (Time(body, "CompletedAt"), "completed"),
                "trial-failed.1" => (Time(body, "FailedAt"), "failed"),
                "trial-stopped.1" => (Time(body, "StoppedAt"), "stopped"),
                // An attempt given up ends when it was (an open end would count its slot as held to the window's end).
                _ => (Time(body, "At"), "requeued"),
            };
            attempts[index] = attempts[index] with { Ended = at, Outcome = outcome };
        }
        return attempts;
    }

    private static DateTimeOffset? Time(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;

    /// <summary>Completions per second over the busiest stretch: the seconds between the 10th and the 90th percentile of completion times.</summary>
    public static double SustainedPerSecond(IReadOnlyList<Attempt> attempts)
    {
        var ends = attempts.Where(a => a.Outcome == "completed" && a.Ended is not null).Select(a => a.Ended!.Value).Order().ToList();
        if (ends.Count < 20) return 0;
        var from = ends[ends.Count / 10];
        var to = ends[ends.Count * 9 / 10];
        var seconds = (to - from).TotalSeconds;
        return seconds <= 0 ? 0 : Math.Round((ends.Count * 0.8) / seconds, 1);
    }
}
