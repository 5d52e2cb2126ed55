namespace ModelOpt.Search.Importance;

/// <summary>
/// Functional ANOVA over a random forest (Hutter, Hoos and Leyton-Brown, "An Efficient Approach for Assessing
/// Hyperparameter Importance", ICML 2014). Each tree is a piecewise-constant function over boxes, so its marginals can be
/// integrated exactly under a uniform measure on the space: a parameter's marginal is constant between the tree's split
/// points, and its variance over the space divided by the tree's total variance is the share of variance it explains
/// alone. Unlike a rank correlation this sees effects that rise and fall (an optimum inside the range).
/// </summary>
public static class FunctionalAnova
{
    /// <summary>Every feature's importance, most important first.</summary>
    public static IReadOnlyList<ParameterImportance> Importances(RandomForest forest)
    {
        var d = forest.Features.Count;
        var shares = new double[d];
        var trees = 0;
        foreach (var tree in forest.Trees)
        {
            var decomposition = new TreeBoxes(forest.Features, tree);
            if (decomposition.Variance <= 0) continue;
            trees++;
            for (var j = 0; j < d; j++) shares[j] += decomposition.MainEffectVariance(j) / decomposition.Variance;
        }
        for (var j = 0; j < d; j++) shares[j] = trees == 0 ? 0 : Math.Clamp(shares[j] / trees, 0, 1);
        var total = shares.Sum();
        return
        [
            .. forest.Features.Select((f, j) => new ParameterImportance(f.Name, total > 0 ? shares[j] / total : 0, shares[j]))
                .OrderByDescending(p => p.Importance).ThenBy(p => p.Name, StringComparer.Ordinal),
        ];
    }

    /// <summary>The forest's marginal over features <paramref name="x"/> and <paramref name="y"/> (numeric axes get <paramref name="cells"/> cells).</summary>
    public static PairMarginal Pair(RandomForest forest, int x, int y, int cells = 32)
    {
        if (x == y) throw new ArgumentException("a pair needs two different features");
        var fx = forest.Features[x];
        var fy = forest.Features[y];
        var xCenters = Centers(fx, cells);
        var yCenters = Centers(fy, cells);
        var sum = new double[xCenters.Length, yCenters.Length];
        foreach (var tree in forest.Trees)
        {
            var boxes = new TreeBoxes(forest.Features, tree);
            var marginal = boxes.PairMarginal(x, y, fx.IsCategorical ? 0 : cells, fy.IsCategorical ? 0 : cells, xCenters.Length, yCenters.Length);
            for (var i = 0; i < xCenters.Length; i++)
                for (var j = 0; j < yCenters.Length; j++)
                    sum[i, j] += marginal[i, j];
        }
        for (var i = 0; i < xCenters.Length; i++)
            for (var j = 0; j < yCenters.Length; j++)
                sum[i, j] /= forest.Trees.Count;
        return new PairMarginal(fx, fy, xCenters, yCenters, sum);
    }

    private static double[] Centers(ImportanceFeature feature, int cells) => feature.IsCategorical
        ? [.. Enumerable.Range(0, feature.Levels).Select(l => (double)l)]
        : [.. Enumerable.Range(0, cells).Select(i => (i + 0.5) / cells)];

    /// <summary>One tree's leaves with their volume shares, mean and variance under the uniform measure.</summary>
    private sealed class TreeBoxes
    {
        private readonly IReadOnlyList<ImportanceFeature> _features;
        private readonly IReadOnlyList<RegressionTree.Leaf> _leaves;
        private readonly double[][] _shares;

        public TreeBoxes(IReadOnlyList<ImportanceFeature> features, RegressionTree tree)
        {
            _features = features;
            _leaves = tree.Leaves();
            _shares = [.. _leaves.Select(leaf => features.Select((f, j) => leaf.Share(f, j)).ToArray())];
            var weights = _shares.Select(s => s.Aggregate(1.0, (a, b) => a * b)).ToArray();
            Mean = 0;
            for (var i = 0; i < _leaves.Count; i++) Mean += weights[i] * _leaves[i].Value;
            Variance = 0;
            for (var i = 0; i < _leaves.Count; i++) Variance += weights[i] * (_leaves[i].Value - Mean) * (_leaves[i].Value - Mean);
        }

        public double Mean { get; }

        public double Variance { get; }

        /// <summary>The variance over feature <paramref name="j"/> of the tree's marginal in <paramref name="j"/>.</summary>
        public double MainEffectVariance(int j)
        {
            var feature = _features[j];
            if (feature.IsCategorical)
            {
                var marginal = new double[feature.Levels];
                for (var i = 0; i < _leaves.Count; i++)
                {
                    var contribution = Others(i, j, -1) * _leaves[i].Value;
                    for (var l = 0; l < feature.Levels; l++)
                        if ((_leaves[i].Levels[j] & (1UL << l)) != 0) marginal[l] += contribution;
                }
                return marginal.Sum(m => (m - Mean) * (m - Mean)) / feature.Levels;
            }
            // The marginal is constant between consecutive split points of this feature.
            var points = _leaves.SelectMany(l => new[] { l.Low[j], l.High[j] }).Append(feature.Low).Append(feature.High).Distinct().Order().ToArray();
            var steps = new double[points.Length];
            for (var i = 0; i < _leaves.Count; i++)
            {
                var contribution = Others(i, j, -1) * _leaves[i].Value;
                steps[Array.BinarySearch(points, _leaves[i].Low[j])] += contribution;
                steps[Array.BinarySearch(points, _leaves[i].High[j])] -= contribution;
            }
            var variance = 0.0;
            var level = 0.0;
            for (var k = 0; k < points.Length - 1; k++)
            {
                level += steps[k];
                variance += (points[k + 1] - points[k]) / feature.Width * (level - Mean) * (level - Mean);
            }
            return variance;
        }

        /// <summary>
        /// The marginal over features <paramref name="x"/> and <paramref name="y"/> on a grid: numeric axes have
        /// <paramref name="xCells"/>/<paramref name="yCells"/> equal cells over [0, 1], categorical ones (0 cells) a cell per level.
        /// </summary>
        public double[,] PairMarginal(int x, int y, int xCells, int yCells, int width, int height)
        {
            // A 2-D difference array: each leaf adds its value over the rectangles of cells it covers.
            var steps = new double[width + 1, height + 1];
            for (var i = 0; i < _leaves.Count; i++)
            {
                var contribution = Others(i, x, y) * _leaves[i].Value;
                foreach (var (x0, x1) in Ranges(i, x, xCells))
                    foreach (var (y0, y1) in Ranges(i, y, yCells))
                    {
                        steps[x0, y0] += contribution;
                        steps[x1, y0] -= contribution;
                        steps[x0, y1] -= contribution;
                        steps[x1, y1] += contribution;
                    }
            }
            var values = new double[width, height];
            for (var a = 0; a < width; a++)
                for (var b = 0; b < height; b++)
                {
                    var v = steps[a, b];
                    if (a > 0) v += values[a - 1, b];
                    if (b > 0) v += values[a, b - 1];
                    if (a > 0 && b > 0) v -= values[a - 1, b - 1];
                    values[a, b] = v;
                }
            return values;
        }

        /// <summary>The cells of one axis that leaf <paramref name="i"/> covers, as half-open index ranges.</summary>
        private IEnumerable<(int From, int To)> Ranges(int i, int feature, int cells)
        {
            var leaf = _leaves[i];
            if (_features[feature].IsCategorical)
            {
                for (var l = 0; l < _features[feature].Levels; l++)
                    if ((leaf.Levels[feature] & (1UL << l)) != 0) yield return (l, l + 1);
                yield break;
            }
            // Cell k's center (k + 0.5) / cells lies in [Low, High).
            var from = Math.Clamp((int)Math.Ceiling(leaf.Low[feature] * cells - 0.5), 0, cells);
            var to = Math.Clamp((int)Math.Ceiling(leaf.High[feature] * cells - 0.5), 0, cells);
            if (leaf.High[feature] >= _features[feature].High) to = cells;
            if (to > from) yield return (from, to);
        }

        /// <summary>Leaf <paramref name="i"/>'s volume share over every feature except <paramref name="a"/> and <paramref name="b"/>.</summary>
        private double Others(int i, int a, int b)
        {
            var product = 1.0;
            var shares = _shares[i];
            for (var j = 0; j < shares.Length; j++)
                if (j != a && j != b) product *= shares[j];
            return product;
        }
    }
}
