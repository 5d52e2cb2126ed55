using System.Collections.Immutable;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// Lookups over a search's trial list, kept beside it as trials are added and change phase: a trial's position by id,
/// the positions of waiting trials (the lowest runs first), the positions of running ones (what the search checks with
/// the dispatcher every few seconds, without walking all its trials) and how many are in each phase. Immutable like
/// the state that holds it.
/// </summary>
internal sealed record TrialIndex(ImmutableDictionary<string, int> Positions, ImmutableSortedSet<int> Pending, ImmutableSortedSet<int> RunningAt, TrialCounts Counts)
{
    public static readonly TrialIndex Empty = new(ImmutableDictionary.Create<string, int>(StringComparer.Ordinal), [], [], TrialCounts.None);

    public int Running => Counts.Running;

    public TrialIndex Added(TrialState trial, int position) =>
        Changed(position, null, trial.Phase) with { Positions = Positions.Add(trial.Id, position) };

    public TrialIndex Changed(int position, TrialPhase? before, TrialPhase after)
    {
        if (before == after) return this;
        var counts = before is { } was ? Counts.Add(was, -1) : Counts;
        return new TrialIndex(Positions, Moved(Pending, TrialPhase.Pending), Moved(RunningAt, TrialPhase.Running), counts.Add(after, 1));

        ImmutableSortedSet<int> Moved(ImmutableSortedSet<int> set, TrialPhase phase) =>
            before == phase ? set.Remove(position) : after == phase ? set.Add(position) : set;
    }
}
