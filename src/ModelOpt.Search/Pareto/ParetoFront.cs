namespace ModelOpt.Search.Pareto;

/// <summary>
/// The non-dominated points of a set under several objectives, each minimized or maximized. A point dominates another
/// when it is at least as good in every objective and strictly better in one; so equal points do not dominate each
/// other and are on the front together. Plain O(n²·m) comparisons: fronts are computed over a search's trials.
/// </summary>
public static class ParetoFront
{
    /// <summary>The ids of the points no other point dominates, in input order.</summary>
    public static IReadOnlyList<string> Compute(IReadOnlyList<(string Id, IReadOnlyList<double> Values)> points, IReadOnlyList<ObjectiveMode> modes)
    {
        foreach (var (id, values) in points)
            if (values.Count != modes.Count)
                throw new ArgumentException($"point '{id}' has {values.Count} values for {modes.Count} objectives", nameof(points));
        return [.. points.Where(p => !points.Any(q => Dominates(q.Values, p.Values, modes))).Select(p => p.Id)];
    }

    /// <summary>
    /// The front of the trials that report every objective's metric with a finite value (others cannot be placed and
    /// are left out).
    /// </summary>
    public static IReadOnlyList<string> Of(Objective objective, IEnumerable<(string Id, IReadOnlyDictionary<string, double>? Metrics)> trials)
    {
        var objectives = objective.All;
        var points = new List<(string, IReadOnlyList<double>)>();
        foreach (var (id, metrics) in trials)
        {
            if (metrics is null) continue;
            var values = new double[objectives.Count];
            var complete = true;
            for (var i = 0; i < values.Length && complete; i++)
                complete = metrics.TryGetValue(objectives[i].Metric, out values[i]) && double.IsFinite(values[i]);
            if (complete) points.Add((id, values));
        }
        return Compute(points, [.. objectives.Select(o => o.Mode)]);
    }

    /// <summary>Whether <paramref name="a"/> dominates <paramref name="b"/>.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<ObjectiveMode> modes)
    {
        var strictlyBetter = false;
        for (var i = 0; i < modes.Count; i++)
        {
            var (x, y) = modes[i] == ObjectiveMode.Min ? (a[i], b[i]) : (-a[i], -b[i]);
            if (x > y) return false;
            if (x < y) strictlyBetter = true;
        }
        return strictlyBetter;
    }
}
