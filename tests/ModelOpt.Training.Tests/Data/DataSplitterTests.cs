using ModelOpt.Training.Data;
using Xunit;

namespace ModelOpt.Training.Tests.Data;

public class DataSplitterTests
{
    private static readonly long[] Labels = Enumerable.Range(0, 1000).Select(i => (long)(i * 7 % 10 < 7 ? i % 3 : 3)).ToArray();

    [Fact]
    public void The_same_seed_gives_the_same_disjoint_split()
    {
        var sizes = new SplitSizes(0.6, 0.2, 0.2);
        var a = DataSplitter.Split(Labels, sizes, 5);
        var b = DataSplitter.Split(Labels, sizes, 5);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal((600, 200, 200), (a.Train.Length, a.Validation.Length, a.Test.Length));
        Assert.Equal(1000, a.Train.Concat(a.Validation).Concat(a.Test).Distinct().Count());
        Assert.NotEqual(a.Train, DataSplitter.Split(Labels, sizes, 6).Train);
    }

    [Fact]
    public void Every_part_keeps_the_class_balance()
    {
        var split = DataSplitter.Split(Labels, new SplitSizes(0.8, 0.2, 0), 3);
        foreach (var part in new[] { split.Train, split.Validation })
            for (var c = 0; c < 4; c++)
            {
                var overall = Labels.Count(l => l == c) / (double)Labels.Length;
                var inPart = part.Count(i => Labels[i] == c) / (double)part.Length;
                Assert.InRange(inPart, overall - 0.01, overall + 0.01);
            }
    }

    [Fact]
    public void Fixed_counts_win_over_fractions_and_too_many_rows_is_an_error()
    {
        var split = DataSplitter.Split(Labels, new SplitSizes(0.8, 0.2, 0, TrainCount: 100, ValidationCount: 50), 1);
        Assert.Equal((100, 50, 0), (split.Train.Length, split.Validation.Length, split.Test.Length));
        var e = Assert.Throws<DatasetFormatException>(() => DataSplitter.Split(Labels, new SplitSizes(0, 0, 0, 900, 200), 1));
        Assert.Contains("1000", e.Message);
    }
}
