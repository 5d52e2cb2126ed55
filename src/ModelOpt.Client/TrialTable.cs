using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelOpt.Client.Models;

namespace ModelOpt.Client;

/// <summary>
/// Writes a search's trials as a table, one row at a time onto the stream (nothing but the row at hand is built in
/// memory): CSV with a header of the trial's facts, then <c>config.&lt;name&gt;</c> per parameter and
/// <c>metric.&lt;name&gt;</c> per metric (in order of first appearance; empty where a trial has none), or JSON Lines of
/// <see cref="TrialRow"/>s. The node's endpoint, a journal read and <c>mopt</c> all write through here.
/// </summary>
public static class TrialTable
{
    public static readonly string[] FactColumns = ["search_id", "trial_id", "status", "objective", "epochs", "attempts", "node", "device", "started_at", "ended_at", "failure", "reason"];

    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public static async Task WriteAsync(SearchInfo search, ExportFormat format, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(destination, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        if (format == ExportFormat.Jsonl)
        {
            foreach (var trial in search.Trials)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(TrialRow.Of(search.SearchId, trial), CommandJson.Responses).AsMemory(), cancellationToken);
            }
        }
        else
        {
            var parameters = Distinct(search.Trials.SelectMany(t => t.Config.Keys));
            var metrics = Distinct(search.Trials.SelectMany(t => TrialRow.Of(search.SearchId, t).Metrics.Keys));
            await writer.WriteLineAsync(Line(FactColumns.Concat(parameters.Select(p => $"config.{p}")).Concat(metrics.Select(m => $"metric.{m}"))).AsMemory(), cancellationToken);
            foreach (var trial in search.Trials)
            {
                var row = TrialRow.Of(search.SearchId, trial);
                var cells = new[]
                    {
                        row.SearchId, row.TrialId, CommandJson.Name(row.Status), Number(row.Objective), Number(row.Epochs), Number(row.Attempts),
                        row.Node, row.Device, Time(row.StartedAt), Time(row.EndedAt), row.Failure, row.Reason,
                    }
                    .Concat(parameters.Select(p => row.Config.TryGetValue(p, out var value) ? Value(value) : null))
                    .Concat(metrics.Select(m => row.Metrics.TryGetValue(m, out var value) ? Number(value) : null));
                await writer.WriteLineAsync(Line(cells).AsMemory(), cancellationToken);
            }
        }
        await writer.FlushAsync(cancellationToken);
    }

    private static List<string> Distinct(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. names.Where(seen.Add)];
    }

    private static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell));

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.</summary>
    private static string Cell(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Value(ConfigValue value) => value.Kind switch
    {
        ConfigValueKind.Float => Number(value.AsDouble())!,
        ConfigValueKind.Int => value.AsInt().ToString(CultureInfo.InvariantCulture),
        ConfigValueKind.Bool => value.AsBool() ? "true" : "false",
        _ => value.AsString(),
    };

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
