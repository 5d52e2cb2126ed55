using System.Collections.Immutable;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// Lookups over a search's trial list, kept beside it as trials are added and change phase: a trial's position by id,
/// the positions of waiting trials (the lowest runs first) and how many are in each phase. Immutable like the state that holds it.
/// </summary>
internal sealed record TrialIndex(ImmutableDictionary<string, int> Positions, ImmutableSortedSet<int> Pending, TrialCounts Counts)
{
    public static readonly TrialIndex Empty = new(ImmutableDictionary.Create<string, int>(StringComparer.Ordinal), [], TrialCounts.None);

    public int Running => Counts.Running;

    public TrialIndex Added(TrialState trial, int position) =>
        Changed(position, null, trial.Phase) with { Positions = Positions.Add(trial.Id, position) };

    public TrialIndex Changed(int position, TrialPhase? before, TrialPhase after)
    {
        if (before == after) return this;
        var pending = Pending;
        if (before == TrialPhase.Pending) pending = pending.Remove(position);
        if (after == TrialPhase.Pending) pending = pending.Add(position);
        var counts = before is { } was ? Counts.Add(was, -1) : Counts;
        return this with { Pending = pending, Counts = counts.Add(after, 1) };
    }
}

