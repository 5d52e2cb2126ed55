namespace ModelOpt.Benchmarks.Cluster.Fleet;

/// <summary>
/// How fairly slots went to searches that all wanted more than their share, judged from journaled attempts: the
/// slot-seconds each search held while every search still had trials to run (from the first start to the first
/// search's last completion), divided by its share; Jain's index of those (1 = perfectly even, 1/n = one search got
/// everything); the spread between the least and most served; and how long a search ever waited for a slot.
/// </summary>
public static class Fairness
{
    public sealed record Report(
        double WindowSeconds,
        double JainIndex,
        double MinOverMean,
        double MaxOverMean,
        double HeavyOverLight,
        double FirstStartMsP50,
        double FirstStartMsMax,
        double LongestGapMs);

    /// <param name="shares">Each search's share (searches of the same priority only).</param>
    /// <param name="submitted">When each search was submitted.</param>
    public static Report Of(IReadOnlyList<Attempt> attempts, IReadOnlyDictionary<string, double> shares, IReadOnlyDictionary<string, DateTimeOffset> submitted)
    {
        var bySearch = attempts.Where(a => shares.ContainsKey(a.SearchId)).GroupBy(a => a.SearchId).ToDictionary(g => g.Key, g => g.ToList());
        if (bySearch.Count == 0) return new Report(0, 0, 0, 0, 0, 0, 0, 0);
        var from = bySearch.Values.SelectMany(a => a).Min(a => a.Started);
        var to = bySearch.Values.Min(list => list.Where(a => a.Ended is not null).Select(a => a.Ended!.Value).DefaultIfEmpty(from).Max());
        var held = shares.Keys.ToDictionary(id => id, id => bySearch.TryGetValue(id, out var list)
            ? list.Sum(a => Overlap(a.Started, a.Ended ?? to, from, to)) / shares[id]
            : 0);
        var values = held.Values.ToList();
        var mean = values.Average();
        var jain = values.Sum() is var sum && sum > 0 ? sum * sum / (values.Count * values.Sum(v => v * v)) : 0;
        // Slot-seconds per search of share > 1 over those of share 1 (raw, not divided by share): should match the share ratio.
        var heavy = shares.Where(s => s.Value > 1).Select(s => held[s.Key] * s.Value).DefaultIfEmpty().Average();
        var light = shares.Where(s => s.Value == 1).Select(s => held[s.Key]).DefaultIfEmpty().Average();
        var firstStarts = bySearch.Select(kv => (kv.Value.Min(a => a.Started) - submitted.GetValueOrDefault(kv.Key, from)).TotalMilliseconds).Order().ToList();
        var gaps = bySearch.Values.Select(list =>
        {
            var starts = list.Select(a => a.Started).Order().ToList();
            return starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMilliseconds).DefaultIfEmpty().Max();
        });
        return new Report(
            Math.Round((to - from).TotalSeconds, 1),
            Math.Round(jain, 4),
            Math.Round(mean > 0 ? values.Min() / mean : 0, 3),
            Math.Round(mean > 0 ? values.Max() / mean : 0, 3),
            Math.Round(light > 0 ? heavy / light : 0, 2),
            Math.Round(firstStarts[firstStarts.Count / 2], 1),
            Math.Round(firstStarts[^1], 1),
            Math.Round(gaps.Max(), 1));
    }

    private static double Overlap(DateTimeOffset start, DateTimeOffset end, DateTimeOffset from, DateTimeOffset to)
    {
        var a = start > from ? start : from;
        var b = end < to ? end : to;
        return b > a ? (b - a).TotalSeconds : 0;
    }
}
