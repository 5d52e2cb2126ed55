using System.Collections.Immutable;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// Lookups over a search's trial list, kept beside it as trials are added and change phase: a trial's position by id,
/// the positions of waiting trials (the lowest runs first) and how many run. Immutable like the state that holds it.
/// </summary>
internal sealed record TrialIndex(ImmutableDictionary<string, int> Positions, ImmutableSortedSet<int> Pending, int Running)
{
    public static readonly TrialIndex Empty = new(ImmutableDictionary.Create<string, int>(StringComparer.Ordinal), [], 0);

    public TrialIndex Added(TrialState trial, int position) =>
        Changed(position, null, trial.Phase) with { Positions = Positions.Add(trial.Id, position) };

    public TrialIndex Changed(int position, TrialPhase? before, TrialPhase after)
    {
        if (before == after) return this;
        var pending = Pending;
        if (before == TrialPhase.Pending) pending = pending.Remove(position);
        if (after == TrialPhase.Pending) pending = pending.Add(position);
        var running = Running + (after == TrialPhase.Running ? 1 : 0) - (before == TrialPhase.Running ? 1 : 0);
        return this with { Pending = pending, Running = running };
    }
}
