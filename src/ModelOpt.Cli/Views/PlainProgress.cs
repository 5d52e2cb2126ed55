using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Views;

/// <summary>
/// The live view for logs and pipes: one plain line per change between two snapshots (a trial started, requeued or
/// ended with its outcome and the count done, a new best, the search's end). The first snapshot gives one overview
/// line and the trials running then instead of the trials' history, so watching a running or resumed search prints
/// only what is new.
/// </summary>
public sealed class PlainProgress(Action<string> writeLine, Func<TimeSpan> elapsed)
{
    private readonly Dictionary<string, (TrialStatus Phase, int Attempts)> _seen = new(StringComparer.Ordinal);
    private bool _started;
    private string? _bestId;
    private SearchStatus _status;

    public void Show(SearchInfo search)
    {
        if (!_started)
        {
            _started = true;
            Remember(search);
            Write(Overview(search));
            foreach (var trial in search.Trials.Where(t => t.Status == TrialStatus.Running)) Write($"{trial.TrialId} {Describe(search, trial)}");
            if (!search.IsRunning) Write(Ending(search));
            return;
        }
        foreach (var trial in search.Trials)
        {
            var now = (trial.Status, trial.Attempts);
            if (_seen.TryGetValue(trial.TrialId, out var before) && before == now) continue;
            _seen[trial.TrialId] = now;
            if (Describe(search, trial) is { } line) Write($"{trial.TrialId} {line}");
        }
        if (search.BestTrialId is { } bestId && bestId != _bestId && search.Best is { } best)
        {
            _bestId = bestId;
            Write($"best so far: {bestId} {search.Metric} = {TrialText.Number(best.Objective)}");
        }
        if (search.Status != _status && !search.IsRunning) Write(Ending(search));
        _status = search.Status;
    }

    private void Remember(SearchInfo search)
    {
        foreach (var trial in search.Trials) _seen[trial.TrialId] = (trial.Status, trial.Attempts);
        _bestId = search.BestTrialId;
        _status = search.Status;
    }

    private void Write(string line) => writeLine($"[{elapsed().TotalSeconds,7:0.0}s] {line}");

    private static string Overview(SearchInfo search)
    {
        var best = search.Best is { } b ? $"; best {b.TrialId} {search.Metric} = {TrialText.Number(b.Objective)}" : "";
        return $"search {search.SearchId} ({search.Name}): {search.Done}/{search.MaxTrials} trials done, " +
            $"{search.Count(TrialStatus.Running)} running{best}";
    }

    private static string Ending(SearchInfo search) =>
        $"search {TrialText.Name(search.Status)}: {search.Reason} ({Counts(search)})";

    private static string Counts(SearchInfo search) =>
        $"{search.Count(TrialStatus.Completed)} completed, {search.Count(TrialStatus.Stopped)} stopped, " +
        $"{search.Count(TrialStatus.Failed)} failed";

    private static string? Describe(SearchInfo search, TrialInfo trial)
    {
        var done = $"  [{search.Done}/{search.MaxTrials}]";
        return trial.Status switch
        {
            TrialStatus.Running => $"started on {trial.Device}{(trial.Attempts > 1 ? $" (attempt {trial.Attempts})" : "")}: {TrialText.Config(trial.Config)}",
            TrialStatus.Pending when trial.Attempts > 0 => $"requeued: {trial.Reason}",
            TrialStatus.Pending => null,
            TrialStatus.Completed => $"completed: {TrialText.Outcome(search, trial)}{done}",
            TrialStatus.Stopped => $"stopped {TrialText.Outcome(search, trial)}{done}",
            _ => $"failed: {TrialText.Outcome(search, trial)}{done}",
        };
    }
}
