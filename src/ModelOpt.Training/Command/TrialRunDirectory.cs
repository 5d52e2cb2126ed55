using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Command;

/// <summary>
/// One attempt's files: <c>logDir/searchId/trialId/attempt-N/</c> holding <c>trial.json</c> (the config handed to
/// the command), <c>stdout.log</c> (its non-metrics stdout lines and the workload's warnings) and <c>stderr.log</c>.
/// A retried or resumed trial gets the next attempt number, so earlier logs are kept.
/// </summary>
public sealed record TrialRunDirectory(string Path)
{
    public string ConfigFile => System.IO.Path.Combine(Path, "trial.json");
    public string StdoutLog => System.IO.Path.Combine(Path, "stdout.log");
    public string StderrLog => System.IO.Path.Combine(Path, "stderr.log");

    public static TrialRunDirectory Create(string logDir, TrialContext context)
    {
        var trialDir = System.IO.Path.Combine(System.IO.Path.GetFullPath(logDir), SafeName(context.SearchId), SafeName(context.TrialId));
        Directory.CreateDirectory(trialDir);
        for (var attempt = 1; ; attempt++)
        {
            var path = System.IO.Path.Combine(trialDir, $"attempt-{attempt}");
            if (Directory.Exists(path)) continue;
            Directory.CreateDirectory(path);
            return new TrialRunDirectory(path);
        }
    }

    /// <summary>Ids become single path segments: separators and other unsafe characters turn into '_'.</summary>
    private static string SafeName(string id)
    {
        var invalid = System.IO.Path.GetInvalidFileNameChars();
        var safe = new string(id.Select(c => invalid.Contains(c) || c == '/' || c == '\\' ? '_' : c).ToArray());
        return safe is "" or "." or ".." ? "_" + safe : safe;
    }
}
