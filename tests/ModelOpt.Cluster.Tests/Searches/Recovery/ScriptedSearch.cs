using ModelOpt.Cluster.Searches;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Tests.Searches.Recovery;

/// <summary>
/// Plays the workers, the user and the coordinator's restarts against a <see cref="SearchState"/>. Each step is one
/// decision chosen from the state and the step number alone, so two states that are equal take the same steps: one
/// slot grant while slots are wanted, else one epoch of a running trial; with <c>faults</c>, also crashes (requeued),
/// non-finite objectives, a user's trial stop, a cancel and resume, and a coordinator restart. Step n happens at
/// <see cref="T0"/> + n seconds.
/// </summary>
internal sealed class ScriptedSearch
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The workers' slots: no more trials than this run at once, whatever the spec allows.</summary>
    private const int WorkerSlots = 4;

    private readonly bool _faults;

    public ScriptedSearch(SearchState state, bool faults, int step = 0)
    {
        State = state;
        _faults = faults;
        Step = step;
    }

    public SearchState State { get; private set; }

    public int Step { get; private set; }

    public List<ISearchEvent> Journal { get; } = [];

    public static ScriptedSearch Submit(string searchId, string spec, bool faults, SearchCatalog catalog)
    {
        var search = new ScriptedSearch(SearchState.Empty(searchId, catalog), faults);
        search.Take(search.State.DecideSubmit(spec, T0));
        return search;
    }

    /// <summary>Runs up to <paramref name="steps"/> steps, fewer if the search ends; calls <paramref name="after"/> after each.</summary>
    public void Run(int steps, Action<ScriptedSearch>? after = null)
    {
        for (var i = 0; i < steps && State.Status is SearchStatus.Running or SearchStatus.Cancelled; i++)
        {
            Take(Next());
            Step++;
            after?.Invoke(this);
        }
    }

    /// <summary>What a coordinator does right after recovering: attempts that were running are run again.</summary>
    public void Restart() => Take(State.DecideRecovered(Now));

    public void Take(SearchDecision decision)
    {
        Journal.AddRange(decision.Events);
        State = decision.State;
    }

    private DateTimeOffset Now => T0.AddSeconds(Step);

    private SearchDecision Next()
    {
        if (State.Status == SearchStatus.Cancelled) return State.DecideResume(Now);
        var running = State.Trials.Where(t => t.Phase == TrialPhase.Running).ToList();
        if (_faults && Step % 53 == 30) return State.DecideRecovered(Now);
        if (_faults && Step % 97 == 60) return State.DecideCancel(SearchState.CancelledReason, Now);
        if (_faults && Step % 41 == 20 && running.Count > 0) return State.DecideStopTrial(running[^1].Id, SearchState.StoppedByUserReason, Now);
        if (State.SlotsWanted(Now) > 0 && running.Count < WorkerSlots) return State.DecideSlot($"node-{Step % 3}", $"cpu#{Step % 2}", Now).Decision;
        if (running.Count == 0) return State.DecideFinishIfDone(Now);

        var trial = running[Step % running.Count];
        var epoch = trial.Epochs + 1;
        if (_faults && trial.Number % 7 == 3 && trial.Attempts == 1 && epoch == 1)
            return State.DecideFailed(trial.Id, trial.Attempts, FailureKind.Crash, "runner crashed", Now);
        var metric = State.RequiredSpec.Objective.Metric;
        var value = _faults && trial.Number % 11 == 5 ? double.NaN : Objective(trial.Config, epoch);
        var metrics = new Dictionary<string, double> { [metric] = value };
        return epoch < State.RequiredSpec.Budget.MaxEpochsPerTrial
            ? State.DecideReport(trial.Id, trial.Attempts, new EpochReport(epoch, metrics, 0.5), Now)
            : State.DecideCompleted(trial.Id, trial.Attempts, metrics, Now);
    }

    /// <summary>A smooth function of every value (strings by their characters) that improves with the epochs.</summary>
    public static double Objective(Config config, int epoch)
    {
        var sum = 0.0;
        var i = 0;
        foreach (var (_, value) in config)
        {
            var x = value.IsNumeric ? value.AsDouble() : value.AsString().Sum(c => c) % 5;
            sum += Math.Sin(0.7 * x + i++);
        }
        return sum + 2.0 / epoch;
    }
}
