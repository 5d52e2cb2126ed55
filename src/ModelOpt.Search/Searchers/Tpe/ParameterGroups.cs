namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>
/// For the multivariate TPE on a conditional space: splits the parameters into groups such that every observed
/// trial holds each group either whole or not at all, so each group gets one joint estimator over the trials
/// that hold it.
/// </summary>
internal static class ParameterGroups
{
    /// <summary>Group index per parameter (by space index), -1 for parameters no trial holds; plus the groups' members.</summary>
    public static (int[] GroupOf, List<int[]> Groups) Decompose(IReadOnlyList<TpeTrial> trials, int parameterCount)
    {
        var groups = new List<List<int>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pattern = new char[parameterCount];
        foreach (var trial in trials)
        {
            for (var j = 0; j < parameterCount; j++) pattern[j] = double.IsNaN(trial.Encoded[j]) ? '0' : '1';
            if (!seen.Add(new string(pattern))) continue;
            Refine(groups, pattern);
        }
        var groupOf = new int[parameterCount];
        Array.Fill(groupOf, -1);
        var result = new List<int[]>(groups.Count);
        foreach (var group in groups)
        {
            foreach (var j in group) groupOf[j] = result.Count;
            result.Add(group.ToArray());
        }
        return (groupOf, result);
    }

    /// <summary>Splits each group along the trial's active set and adds its not-yet-grouped parameters as a new group.</summary>
    private static void Refine(List<List<int>> groups, char[] active)
    {
        var refined = new List<List<int>>(groups.Count + 1);
        var grouped = new bool[active.Length];
        foreach (var group in groups)
        {
            var inside = new List<int>();
            var outside = new List<int>();
            foreach (var j in group)
            {
                grouped[j] = true;
                (active[j] == '1' ? inside : outside).Add(j);
            }
            if (inside.Count > 0) refined.Add(inside);
            if (outside.Count > 0) refined.Add(outside);
        }
        var fresh = new List<int>();
        for (var j = 0; j < active.Length; j++)
            if (active[j] == '1' && !grouped[j]) fresh.Add(j);
        if (fresh.Count > 0) refined.Add(fresh);
        groups.Clear();
        groups.AddRange(refined);
    }
}
