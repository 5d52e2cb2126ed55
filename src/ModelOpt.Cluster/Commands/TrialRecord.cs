using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using ModelOpt.Client;
using ModelOpt.Client.Models;

namespace ModelOpt.Cluster.Commands;

/// <summary>What a trial's logs and export hold about the trial itself, wherever they are read (a node or a journal).</summary>
public static class TrialRecord
{
    public const string FileName = "trial.json";

    /// <summary>One line per epoch report, then how the trial ended.</summary>
    public static IEnumerable<string> Lines(TrialInfo trial)
    {
        foreach (var report in trial.Curve)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"epoch {report.Epoch}: {string.Join(' ', report.Metrics.Select(m => $"{m.Key}={m.Value:G6}"))} ({report.Seconds:F1} s)");
        if (trial.Reason is not null) yield return $"{CommandJson.Name(trial.Status)}: {trial.Reason}";
    }

    /// <summary>Adds <c>trial.json</c> (the trial in the command API's shape, learning curve included) to an export.</summary>
    public static async Task WriteAsync(ZipArchive zip, TrialInfo trial, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(FileName).OpenAsync(cancellationToken);
        await JsonSerializer.SerializeAsync(entry, trial, CommandJson.Indented, cancellationToken);
    }
}
