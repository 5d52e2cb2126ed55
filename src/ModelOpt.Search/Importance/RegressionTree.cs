using System.Numerics;

namespace ModelOpt.Search.Importance;

/// <summary>
/// A CART regression tree over <see cref="ImportanceFeature"/> columns. Numeric splits send values at or below a
/// threshold left; categorical splits send a set of levels left (the best set is found by ordering the node's levels by
/// their mean target, Breiman's result for squared error). Nodes live in flat arrays.
/// </summary>
public sealed class RegressionTree
{
    private readonly List<int> _feature = [];
    private readonly List<double> _threshold = [];
    private readonly List<ulong> _leftLevels = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<double> _value = [];

    private RegressionTree(IReadOnlyList<ImportanceFeature> features) => Features = features;

    public IReadOnlyList<ImportanceFeature> Features { get; }

    public int NodeCount => _value.Count;

    /// <summary>Grows a tree on <paramref name="rows"/> (row indexes into the inputs; repeats allowed, as a bootstrap draws them).</summary>
    public static RegressionTree Grow(ImportanceInputs inputs, int[] rows, ForestSettings settings, DeterministicRandom random)
    {
        var tree = new RegressionTree(inputs.Features);
        var work = new SplitSearch(inputs, random);
        var pending = new Stack<(int Node, int Start, int End, int Depth)>();
        pending.Push((tree.AddLeaf(Mean(inputs.Targets, rows, 0, rows.Length)), 0, rows.Length, 0));
        while (pending.Count > 0)
        {
            var (node, start, end, depth) = pending.Pop();
            if (end - start < settings.MinSamplesSplit || depth >= settings.MaxDepth) continue;
            if (work.Best(rows, start, end) is not { } split) continue;
            var middle = Partition(inputs.Columns[split.Feature], rows, start, end, split);
            if (middle == start || middle == end) continue;
            var left = tree.AddLeaf(Mean(inputs.Targets, rows, start, middle));
            var right = tree.AddLeaf(Mean(inputs.Targets, rows, middle, end));
            tree._feature[node] = split.Feature;
            tree._threshold[node] = split.Threshold;
            tree._leftLevels[node] = split.LeftLevels;
            tree._left[node] = left;
            tree._right[node] = right;
            pending.Push((left, start, middle, depth + 1));
            pending.Push((right, middle, end, depth + 1));
        }
        return tree;
    }

    public double Predict(IReadOnlyList<double> x)
    {
        var node = 0;
        while (_feature[node] >= 0) node = GoesLeft(node, x[_feature[node]]) ? _left[node] : _right[node];
        return _value[node];
    }

    /// <summary>
    /// Every leaf with the box of inputs it covers: per feature a numeric interval [Low, High] or, for a categorical
    /// feature, the set of levels (as a bit mask in <see cref="Leaf.Levels"/>).
    /// </summary>
    public IReadOnlyList<Leaf> Leaves()
    {
        var leaves = new List<Leaf>();
        var d = Features.Count;
        var root = new Leaf(new double[d], new double[d], new ulong[d], 0);
        for (var j = 0; j < d; j++)
        {
            root.Low[j] = Features[j].Low;
            root.High[j] = Features[j].High;
            root.Levels[j] = Features[j].IsCategorical ? AllLevels(Features[j].Levels) : 0;
        }
        var pending = new Stack<(int Node, Leaf Box)>();
        pending.Push((0, root));
        while (pending.Count > 0)
        {
            var (node, box) = pending.Pop();
            var feature = _feature[node];
            if (feature < 0)
            {
                leaves.Add(box with { Value = _value[node] });
                continue;
            }
            var left = box.Copy();
            var right = box.Copy();
            if (Features[feature].IsCategorical)
            {
                left.Levels[feature] &= _leftLevels[node];
                right.Levels[feature] &= ~_leftLevels[node];
            }
            else
            {
                left.High[feature] = Math.Min(left.High[feature], _threshold[node]);
                right.Low[feature] = Math.Max(right.Low[feature], _threshold[node]);
            }
            pending.Push((_left[node], left));
            pending.Push((_right[node], right));
        }
        return leaves;
    }

    /// <summary>A leaf's box and prediction.</summary>
    public sealed record Leaf(double[] Low, double[] High, ulong[] Levels, double Value)
    {
        public Leaf Copy() => new((double[])Low.Clone(), (double[])High.Clone(), (ulong[])Levels.Clone(), Value);

        /// <summary>The share of feature <paramref name="j"/>'s extent this leaf covers.</summary>
        public double Share(ImportanceFeature feature, int j) => feature.IsCategorical
            ? BitOperations.PopCount(Levels[j]) / (double)feature.Levels
            : (High[j] - Low[j]) / feature.Width;
    }

    public static ulong AllLevels(int levels) => levels >= 64 ? ulong.MaxValue : (1UL << levels) - 1;

    private bool GoesLeft(int node, double value) => Features[_feature[node]].IsCategorical
        ? (_leftLevels[node] & (1UL << (int)value)) != 0
        : value <= _threshold[node];

    private int AddLeaf(double value)
    {
        _feature.Add(-1);
        _threshold.Add(0);
        _leftLevels.Add(0);
        _left.Add(-1);
        _right.Add(-1);
        _value.Add(value);
        return _value.Count - 1;
    }

    private static double Mean(double[] targets, int[] rows, int start, int end)
    {
        var sum = 0.0;
        for (var i = start; i < end; i++) sum += targets[rows[i]];
        return sum / (end - start);
    }

    /// <summary>Moves the rows that go left to the front of [start, end); returns where the right ones begin.</summary>
    private static int Partition(double[] column, int[] rows, int start, int end, Split split)
    {
        var i = start;
        var j = end - 1;
        while (i <= j)
        {
            var value = column[rows[i]];
            var left = split.LeftLevels != 0 ? (split.LeftLevels & (1UL << (int)value)) != 0 : value <= split.Threshold;
            if (left)
            {
                i++;
            }
            else
            {
                (rows[i], rows[j]) = (rows[j], rows[i]);
                j--;
            }
        }
        return i;
    }

    private readonly record struct Split(int Feature, double Threshold, ulong LeftLevels, double Score);

    /// <summary>Finds the split of a node that lowers the squared error most; holds scratch buffers reused across nodes.</summary>
    private sealed class SplitSearch(ImportanceInputs inputs, DeterministicRandom random)
    {
        private double[] _keys = [];
        private double[] _targets = [];

        public Split? Best(int[] rows, int start, int end)
        {
            var count = end - start;
            if (_keys.Length < count)
            {
                _keys = new double[count];
                _targets = new double[count];
            }
            double sum = 0, sumSquares = 0;
            for (var i = start; i < end; i++)
            {
                var y = inputs.Targets[rows[i]];
                sum += y;
                sumSquares += y * y;
            }
            var parent = sum * sum / count;
            // A pure node (within rounding) has nothing to split.
            if (sumSquares - parent <= 1e-12 * Math.Max(1, sumSquares)) return null;
            Split? best = null;
            for (var f = 0; f < inputs.Features.Count; f++)
            {
                var candidate = inputs.Features[f].IsCategorical
                    ? Categorical(f, rows, start, end, sum)
                    : Numeric(f, rows, start, end, sum);
                // Ties go to a random feature, so equally good columns share the splits instead of the first one taking all.
                if (candidate is { } c && c.Score > parent + 1e-12 * Math.Abs(parent)
                    && (best is null || c.Score > best.Value.Score || (c.Score == best.Value.Score && random.NextDouble() < 0.5)))
                    best = c;
            }
            return best;
        }

        private Split? Numeric(int feature, int[] rows, int start, int end, double sum)
        {
            var count = end - start;
            var column = inputs.Columns[feature];
            for (var i = 0; i < count; i++)
            {
                _keys[i] = column[rows[start + i]];
                _targets[i] = inputs.Targets[rows[start + i]];
            }
            Array.Sort(_keys, _targets, 0, count);
            if (_keys[0] == _keys[count - 1]) return null;
            Split? best = null;
            var left = 0.0;
            for (var i = 0; i < count - 1; i++)
            {
                left += _targets[i];
                if (_keys[i] == _keys[i + 1]) continue;
                var n = i + 1;
                var score = left * left / n + (sum - left) * (sum - left) / (count - n);
                if (best is null || score > best.Value.Score) best = new Split(feature, 0.5 * (_keys[i] + _keys[i + 1]), 0, score);
            }
            return best;
        }

        private Split? Categorical(int feature, int[] rows, int start, int end, double sum)
        {
            var levels = inputs.Features[feature].Levels;
            Span<double> sums = stackalloc double[levels];
            Span<int> counts = stackalloc int[levels];
            var column = inputs.Columns[feature];
            for (var i = start; i < end; i++)
            {
                var level = (int)column[rows[i]];
                sums[level] += inputs.Targets[rows[i]];
                counts[level]++;
            }
            var present = new List<int>();
            for (var l = 0; l < levels; l++) if (counts[l] > 0) present.Add(l);
            if (present.Count < 2) return null;
            var means = new double[levels];
            foreach (var l in present) means[l] = sums[l] / counts[l];
            present.Sort((a, b) => means[a].CompareTo(means[b]));
            var count = end - start;
            Split? best = null;
            double left = 0;
            var n = 0;
            ulong mask = 0;
            for (var k = 0; k < present.Count - 1; k++)
            {
                var level = present[k];
                left += sums[level];
                n += counts[level];
                mask |= 1UL << level;
                var score = left * left / n + (sum - left) * (sum - left) / (count - n);
                if (best is null || score > best.Value.Score) best = new Split(feature, 0, mask, score);
            }
            if (best is not { } chosen) return null;
            // Levels this node never saw still need a side: they join the larger group, as the best guess for them.
            var unseen = AllLevels(levels);
            foreach (var l in present) unseen &= ~(1UL << l);
            var leftRows = 0;
            foreach (var l in present) if ((chosen.LeftLevels & (1UL << l)) != 0) leftRows += counts[l];
            return leftRows * 2 >= count ? chosen with { LeftLevels = chosen.LeftLevels | unseen } : chosen;
        }
    }
}
