using ModelOpt.Training.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Metrics;

public class ConfusionMatrixTests
{
    // actual:    0 0 0 1 1 2 2 2 2 2
    // predicted: 0 0 1 1 2 2 2 2 0 1
    private static readonly long[] Actual = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2];
    private static readonly long[] Predicted = [0, 0, 1, 1, 2, 2, 2, 2, 0, 1];

    private static ConfusionMatrix Matrix()
    {
        var matrix = new ConfusionMatrix(3);
        using var actual = tensor(Actual);
        using var predicted = tensor(Predicted);
        matrix.Add(actual, predicted);
        return matrix;
    }

    [Fact]
    public void Counts_pairs_from_tensors()
    {
        var m = Matrix();
        Assert.Equal(10, m.Total);
        Assert.Equal(2, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(1, m[2, 0]);
        Assert.Equal(3, m[2, 2]);
    }

    [Fact]
    public void Metrics_match_hand_computed_values()
    {
        var m = Matrix();
        Assert.Equal(0.6, m.Accuracy, 12);
        // Precision per class: 2/3, 1/3, 3/4. Recall: 2/3, 1/2, 3/5.
        Assert.Equal((2.0 / 3 + 1.0 / 3 + 3.0 / 4) / 3, m.MacroPrecision, 12);
        Assert.Equal((2.0 / 3 + 1.0 / 2 + 3.0 / 5) / 3, m.MacroRecall, 12);
        var f1 = new[] { (2.0 / 3, 2.0 / 3), (1.0 / 3, 1.0 / 2), (3.0 / 4, 3.0 / 5) }.Select(pr => 2 * pr.Item1 * pr.Item2 / (pr.Item1 + pr.Item2)).Average();
        Assert.Equal(f1, m.MacroF1, 12);
    }

    [Fact]
    public void A_class_never_predicted_counts_zero_precision()
    {
        var m = new ConfusionMatrix(2);
        m.Add(0, 0);
        m.Add(1, 0);
        Assert.Equal(0.5 / 2, m.MacroPrecision, 12);
        Assert.Equal(0.5, m.MacroRecall, 12);
        Assert.Equal(0, m.F1(1));
    }

    [Fact]
    public void Csv_has_a_header_and_one_row_per_actual_class()
    {
        Assert.Equal("actual\\predicted,a,b,c\na,2,1,0\nb,0,1,1\nc,1,1,3\n", Matrix().ToCsv(["a", "b", "c"]));
    }
}
