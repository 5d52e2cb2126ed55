using ModelOpt.Search;

namespace ModelOpt.Training.Data;

/// <summary>
/// Deterministic, disjoint train/validation/test splits by seed. Stratified: each class is shuffled on its own and
/// dealt out in proportion, so every part keeps the class balance of the whole.
/// </summary>
public static class DataSplitter
{
    public static SplitIndices Split(IReadOnlyList<long> labels, SplitSizes sizes, ulong seed)
    {
        var (train, validation, test) = sizes.For(labels.Count);
        var order = StratifiedOrder(labels, seed);
        return new SplitIndices(order[..train], order[train..(train + validation)], order[(train + validation)..(train + validation + test)]);
    }

    /// <summary>
    /// All row indices in an order where every prefix is (close to) class-balanced: classes are shuffled separately,
    /// then interleaved by each row's relative position within its class.
    /// </summary>
    public static int[] StratifiedOrder(IReadOnlyList<long> labels, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var byClass = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var keyed = new List<(double Position, double Tie, int Index)>(labels.Count);
        foreach (var rows in byClass)
        {
            random.Shuffle(rows);
            for (var r = 0; r < rows.Count; r++) keyed.Add(((r + random.NextDouble()) / rows.Count, random.NextDouble(), rows[r]));
        }
        return keyed.OrderBy(k => k.Position).ThenBy(k => k.Tie).Select(k => k.Index).ToArray();
    }
}
