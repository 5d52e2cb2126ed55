namespace ModelOpt.Search.Importance;

/// <summary>Bagged <see cref="RegressionTree"/>s, grown deterministically from <see cref="ForestSettings.Seed"/>.</summary>
public sealed class RandomForest
{
    private RandomForest(IReadOnlyList<ImportanceFeature> features, IReadOnlyList<RegressionTree> trees)
    {
        Features = features;
        Trees = trees;
    }

    public IReadOnlyList<ImportanceFeature> Features { get; }

    public IReadOnlyList<RegressionTree> Trees { get; }

    public static RandomForest Fit(ImportanceInputs inputs, ForestSettings settings)
    {
        if (inputs.Rows == 0) throw new ArgumentException("a forest needs at least one row", nameof(inputs));
        var trees = new RegressionTree[settings.Trees];
        var size = Math.Min(inputs.Rows, settings.MaxPointsPerTree);
        for (var t = 0; t < trees.Length; t++)
        {
            var random = DeterministicRandom.Derive(settings.Seed, $"tree-{t}");
            var rows = new int[size];
            for (var i = 0; i < size; i++) rows[i] = random.NextInt(inputs.Rows);
            trees[t] = RegressionTree.Grow(inputs, rows, settings, random);
        }
        return new RandomForest(inputs.Features, trees);
    }

    public double Predict(IReadOnlyList<double> x) => Trees.Average(t => t.Predict(x));
}
