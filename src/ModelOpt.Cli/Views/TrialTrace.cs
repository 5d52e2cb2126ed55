using System.Globalization;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Views;

/// <summary>
/// A trial as a span tree without Jaeger (<c>mopt trial show --trace</c>): its search, the trial, each attempt (where
/// and when it ran, how it ended) and the trial's epoch reports under the last attempt (each report's own duration, laid
/// end to end from the attempt's start; a resumed attempt keeps the epochs before it), read from the journal's record of the search, so it works for any search a node or journal
/// holds, traced or not. Times are UTC; offsets are from the search's submission.
/// </summary>
public static class TrialTrace
{
    public static IReadOnlyList<string> Lines(SearchInfo search, TrialInfo trial)
    {
        var origin = search.SubmittedAt;
        var lines = new List<string> { $"search {search.SearchId} ({search.Name})  submitted {Clock(origin)}  {Name(search.Status)}" };
        var trialEnd = trial.EndedAt;
        var firstStart = trial.EarlierAttempts?.FirstOrDefault()?.StartedAt ?? trial.StartedAt;
        lines.Add($"└─ trial {trial.TrialId}  {TrialText.Name(trial.Status)}{Span(origin, firstStart, trialEnd)}{Outcome(trial)}");

        var attempts = (trial.EarlierAttempts ?? [])
            .Select(a => (Number: a.Attempt, a.Node, a.Device, a.StartedAt, a.EndedAt, Outcome: $"{Name(a.End)}: {a.Reason}", Last: false))
            .ToList();
        if (trial.StartedAt is not null || trial.Attempts > 0)
            attempts.Add((trial.Attempts, trial.Node, trial.Device, trial.StartedAt, trialEnd, trial.HasEnded ? TrialText.Name(trial.Status) : "running", true));
        for (var i = 0; i < attempts.Count; i++)
        {
            var a = attempts[i];
            var lastAttempt = i == attempts.Count - 1;
            lines.Add($"   {(lastAttempt ? "└─" : "├─")} attempt {a.Number}  {a.Node ?? "?"} {a.Device ?? ""}".TrimEnd()
                      + $"{Span(origin, a.StartedAt, a.EndedAt)}  {a.Outcome}");
            if (!a.Last) continue;
            var indent = lastAttempt ? "      " : "   │  ";
            var at = 0.0;
            for (var e = 0; e < trial.Curve.Count; e++)
            {
                var epoch = trial.Curve[e];
                var metrics = string.Join(" ", epoch.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={Number(m.Value)}"));
                lines.Add($"{indent}{(e == trial.Curve.Count - 1 ? "└─" : "├─")} epoch {epoch.Epoch}  +{Seconds(at)} → +{Seconds(at + epoch.Seconds)} ({Seconds(epoch.Seconds)})  {metrics}".TrimEnd());
                at += epoch.Seconds;
            }
        }
        return lines;
    }

    private static string Span(DateTimeOffset origin, DateTimeOffset? start, DateTimeOffset? end) => (start, end) switch
    {
        (null, _) => "  not started",
        ({ } s, null) => $"  {Clock(s)} (+{Seconds((s - origin).TotalSeconds)}) → now",
        ({ } s, { } e) => $"  {Clock(s)} (+{Seconds((s - origin).TotalSeconds)}) → {Clock(e)}  {Seconds((e - s).TotalSeconds)}",
    };

    private static string Outcome(TrialInfo trial) =>
        (trial.Objective is { } objective ? $"  objective {Number(objective)}" : "")
        + (trial.StoppedBy is { } by ? $"  stopped by {Name(by)}" : "")
        + (trial.Failure is { } failure ? $"  {failure}" : "")
        + (trial.Reason is { } reason && trial.Status != TrialStatus.Completed ? $": {reason}" : "");

    private static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
