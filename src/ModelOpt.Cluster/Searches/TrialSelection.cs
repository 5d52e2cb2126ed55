using ModelOpt.Client.Models;
using ModelOpt.Search;
using ObjectiveMode = ModelOpt.Search.ObjectiveMode;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// Picks the positions of one page of trials from a search's list: one pass to filter, then for an order other than
/// the list's own the best <c>offset + limit</c> kept in a bounded heap (O(n log k)), so a page of a 100,000-trial
/// search costs a few milliseconds and allocates only for the page.
/// </summary>
internal static class TrialSelection
{
    public static (IReadOnlyList<int> Page, int Matching) Select(SearchState state, TrialQuery query)
    {
        var trials = state.Trials;
        if (query.TrialId is { } id)
        {
            var at = state.PositionOf(id);
            var found = at is { } p && Matches(trials[p], query);
            return (found && query.Offset == 0 && query.Limit > 0 ? [at!.Value] : [], found ? 1 : 0);
        }
        var wanted = query.Offset + query.Limit;
        if (query.Sort == TrialSort.Id && query.Status is null && query.ChangedAfter is null)
        {
            var end = Math.Min(trials.Count, wanted);
            return (query.Offset >= end ? [] : [.. Enumerable.Range(query.Offset, end - query.Offset)], trials.Count);
        }
        // The running trials are indexed: a live view's page of them costs O(running), not a walk of every trial.
        if (query.Sort == TrialSort.Id && query.Status == TrialStatus.Running && query.ChangedAfter is null)
        {
            var running = state.RunningPositions;
            return ([.. running.Skip(query.Offset).Take(query.Limit)], running.Count);
        }
        // The list is a balanced tree: walk it in order (O(n)) rather than index each position (O(n log n)).
        if (query.Sort == TrialSort.Id)
        {
            var page = new List<int>(Math.Min(query.Limit, trials.Count));
            var matching = 0;
            var i = 0;
            foreach (var trial in trials)
            {
                if (Matches(trial, query))
                {
                    if (matching >= query.Offset && matching < wanted) page.Add(i);
                    matching++;
                }
                i++;
            }
            return (page, matching);
        }

        var key = KeyOf(query.Sort, state.Spec?.Objective.Mode ?? ObjectiveMode.Min);
        // The worst kept entry on top, so a better one replaces it.
        var heap = new PriorityQueue<int, (double Key, int Position)>(Comparer<(double Key, int Position)>.Create((a, b) => b.CompareTo(a)));
        var count = 0;
        var position = -1;
        foreach (var trial in trials)
        {
            position++;
            if (!Matches(trial, query)) continue;
            count++;
            if (wanted == 0) continue;
            var entry = (key(trial), position);
            if (heap.Count < wanted) heap.Enqueue(position, entry);
            else if (heap.TryPeek(out _, out var worst) && entry.CompareTo(worst) < 0) heap.EnqueueDequeue(position, entry);
        }
        var best = new List<(double, int)>(heap.Count);
        while (heap.TryDequeue(out _, out var priority)) best.Add(priority);
        best.Reverse();
        return ([.. best.Skip(query.Offset).Select(b => b.Item2)], count);
    }

    private static bool Matches(TrialState trial, TrialQuery query) =>
        (query.Status is not { } status || SearchViews.Status(trial.Phase) == status) && (query.ChangedAfter is not { } after || trial.ChangedAt > after);

    /// <summary>A key that sorts ascending: best objective first (trials without one last), most epochs first, most recent first.</summary>
    private static Func<TrialState, double> KeyOf(TrialSort sort, ObjectiveMode mode) => sort switch
    {
        TrialSort.Objective => t => t.Objective is not { } v || !double.IsFinite(v) ? double.PositiveInfinity : mode == ObjectiveMode.Max ? -v : v,
        TrialSort.Epochs => t => -t.Epochs,
        _ => t => -t.ChangedAt,
    };
}
