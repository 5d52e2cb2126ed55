using System.Globalization;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Metrics;

/// <summary>
/// Counts of (actual class, predicted class) pairs, and the classification metrics derived from them. Precision,
/// recall and F1 are macro averages over classes; a class that is never predicted (or never occurs) contributes
/// 0 to precision (or recall), the usual "zero division = 0" convention.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    public ConfusionMatrix(int classes) => _counts = new long[classes, classes];

    public int Classes => _counts.GetLength(0);

    public long this[int actual, int predicted] => _counts[actual, predicted];

    public long Total { get; private set; }

    public void Add(int actual, int predicted)
    {
        _counts[actual, predicted]++;
        Total++;
    }

    /// <summary>Adds another matrix's counts (e.g. the folds of a cross-validation).</summary>
    public void Add(ConfusionMatrix other)
    {
        if (other.Classes != Classes) throw new ArgumentException($"cannot add a {other.Classes}-class matrix to a {Classes}-class one");
        for (var a = 0; a < Classes; a++)
            for (var p = 0; p < Classes; p++)
                _counts[a, p] += other._counts[a, p];
        Total += other.Total;
    }

    /// <summary>Adds a batch: <paramref name="actual"/> and <paramref name="predicted"/> are int64 class ids.</summary>
    public void Add(Tensor actual, Tensor predicted)
    {
        using var scope = NewDisposeScope();
        using var counts = PairCounts(actual, predicted, Classes).cpu();
        AddPairCounts(counts.data<long>().ToArray());
    }

    /// <summary>
    /// The batch's (actual × classes + predicted) counts as an int64 tensor of classes² on the batch's device, so a
    /// caller can sum many batches there and read the total once (<see cref="AddPairCounts"/>).
    /// </summary>
    public static Tensor PairCounts(Tensor actual, Tensor predicted, int classes)
    {
        using var scope = NewDisposeScope();
        using var width = ((long)classes).ToScalar();
        return actual.mul(width).add(predicted).bincount(null, classes * classes).MoveToOuterDisposeScope();
    }

    /// <summary>Adds counts laid out as <see cref="PairCounts"/> makes them.</summary>
    public void AddPairCounts(IReadOnlyList<long> flat)
    {
        if (flat.Count != Classes * Classes) throw new ArgumentException($"expected {Classes * Classes} pair counts, got {flat.Count}");
        for (var i = 0; i < flat.Count; i++)
        {
            _counts[i / Classes, i % Classes] += flat[i];
            Total += flat[i];
        }
    }

    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (var c = 0; c < Classes; c++) correct += _counts[c, c];
            return Total == 0 ? 0 : (double)correct / Total;
        }
    }

    public double Precision(int c) => Ratio(_counts[c, c], Column(c));
    public double Recall(int c) => Ratio(_counts[c, c], Row(c));

    public double F1(int c)
    {
        var p = Precision(c);
        var r = Recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double MacroPrecision => Enumerable.Range(0, Classes).Average(Precision);
    public double MacroRecall => Enumerable.Range(0, Classes).Average(Recall);
    public double MacroF1 => Enumerable.Range(0, Classes).Average(F1);

    /// <summary>The matrix as CSV, rows = actual class, columns = predicted class, with a header.</summary>
    public string ToCsv(IReadOnlyList<string>? classNames = null)
    {
        var names = classNames ?? Enumerable.Range(0, Classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList();
        var text = new StringBuilder("actual\\predicted,").AppendJoin(',', names).Append('\n');
        for (var a = 0; a < Classes; a++)
        {
            text.Append(names[a]);
            for (var p = 0; p < Classes; p++) text.Append(',').Append(_counts[a, p].ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    private long Row(int c)
    {
        long sum = 0;
        for (var p = 0; p < Classes; p++) sum += _counts[c, p];
        return sum;
    }

    private long Column(int c)
    {
        long sum = 0;
        for (var a = 0; a < Classes; a++) sum += _counts[a, c];
        return sum;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
