namespace ModelOpt.Training.Data;

/// <summary>One cross-validation fold: the rows it trains on and the rows it validates on.</summary>
public sealed record Fold(int Index, int[] Train, int[] Validation);

/// <summary>Stratified k-fold cross-validation: k disjoint validation parts that together cover every row once.</summary>
public static class KFold
{
    public static IReadOnlyList<Fold> Split(IReadOnlyList<long> labels, int folds, ulong seed)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), $"k-fold needs at least 2 folds, got {folds}");
        if (folds > labels.Count) throw new ArgumentOutOfRangeException(nameof(folds), $"{folds} folds need at least {folds} rows, got {labels.Count}");
        var order = DataSplitter.StratifiedOrder(labels, seed);
        // Dealing rows round-robin from a stratified order keeps every fold's class balance.
        var parts = Enumerable.Range(0, folds).Select(f => order.Where((_, i) => i % folds == f).ToArray()).ToArray();
        return parts.Select((validation, f) => new Fold(f, parts.Where((_, g) => g != f).SelectMany(p => p).ToArray(), validation)).ToList();
    }
}
