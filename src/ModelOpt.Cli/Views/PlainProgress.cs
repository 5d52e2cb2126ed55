using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cli.Views;

/// <summary>
/// The live view for logs and pipes: one plain line per change between two snapshots (a trial started, requeued or
/// ended with its outcome and the count done, a new best, the search's end). The first snapshot gives one overview
/// line and the trials running then instead of the trials' history, so watching a running or resumed search prints
/// only what is new.
/// </summary>
public sealed class PlainProgress(Action<string> writeLine, Func<TimeSpan> elapsed)
{
    private readonly Dictionary<string, (TrialPhase Phase, int Attempts)> _seen = new(StringComparer.Ordinal);
    private bool _started;
    private string? _bestId;
    private SearchStatus _status;

    public void Show(SearchSnapshot search)
    {
        if (!_started)
        {
            _started = true;
            Remember(search);
            Write(Overview(search));
            foreach (var trial in search.Trials.Where(t => t.Phase == TrialPhase.Running)) Write($"{trial.Id} {Describe(search, trial)}");
            if (!TrialText.IsLive(search)) Write(Ending(search));
            return;
        }
        foreach (var trial in search.Trials)
        {
            var now = (trial.Phase, trial.Attempts);
            if (_seen.TryGetValue(trial.Id, out var before) && before == now) continue;
            _seen[trial.Id] = now;
            if (Describe(search, trial) is { } line) Write($"{trial.Id} {line}");
        }
        if (search.BestTrialId is { } bestId && bestId != _bestId && search.Best is { } best)
        {
            _bestId = bestId;
            Write($"best so far: {bestId} {search.Metric} = {TrialText.Number(best.Objective)}");
        }
        if (search.Status != _status && !TrialText.IsLive(search)) Write(Ending(search));
        _status = search.Status;
    }

    private void Remember(SearchSnapshot search)
    {
        foreach (var trial in search.Trials) _seen[trial.Id] = (trial.Phase, trial.Attempts);
        _bestId = search.BestTrialId;
        _status = search.Status;
    }

    private void Write(string line) => writeLine($"[{elapsed().TotalSeconds,7:0.0}s] {line}");

    private static string Overview(SearchSnapshot search)
    {
        var best = search.Best is { } b ? $"; best {b.Id} {search.Metric} = {TrialText.Number(b.Objective)}" : "";
        return $"search {search.SearchId} ({search.Name}): {TrialText.Done(search)}/{search.MaxTrials} trials done, " +
            $"{TrialText.Count(search, TrialPhase.Running)} running{best}";
    }

    private static string Ending(SearchSnapshot search) =>
        $"search {search.Status.ToString().ToLowerInvariant()}: {search.Reason} ({Counts(search)})";

    private static string Counts(SearchSnapshot search) =>
        $"{TrialText.Count(search, TrialPhase.Completed)} completed, {TrialText.Count(search, TrialPhase.Stopped)} stopped, " +
        $"{TrialText.Count(search, TrialPhase.Failed)} failed";

    private static string? Describe(SearchSnapshot search, TrialSnapshot trial)
    {
        var done = $"  [{TrialText.Done(search)}/{search.MaxTrials}]";
        return trial.Phase switch
        {
            TrialPhase.Running => $"started on {trial.Device}{(trial.Attempts > 1 ? $" (attempt {trial.Attempts})" : "")}: {TrialText.Config(trial.Config)}",
            TrialPhase.Pending when trial.Attempts > 0 => $"requeued: {trial.Reason}",
            TrialPhase.Pending => null,
            TrialPhase.Completed => $"completed: {TrialText.Outcome(search, trial)}{done}",
            TrialPhase.Stopped => $"stopped {TrialText.Outcome(search, trial)}{done}",
            _ => $"failed: {TrialText.Outcome(search, trial)}{done}",
        };
    }
}
