using ModelOpt.Training.Data;
using Xunit;

namespace ModelOpt.Training.Tests.Data;

public class KFoldTests
{
    [Fact]
    public void Validation_folds_are_disjoint_and_cover_every_row_once()
    {
        var labels = Enumerable.Range(0, 103).Select(i => (long)(i % 4)).ToArray();
        var folds = KFold.Split(labels, 5, 9);
        Assert.Equal(5, folds.Count);
        var validated = folds.SelectMany(f => f.Validation).ToList();
        Assert.Equal(103, validated.Count);
        Assert.Equal(Enumerable.Range(0, 103), validated.Order());
        foreach (var fold in folds)
        {
            Assert.Empty(fold.Train.Intersect(fold.Validation));
            Assert.Equal(103, fold.Train.Length + fold.Validation.Length);
            Assert.InRange(fold.Validation.Length, 20, 21);
        }
        Assert.Equal(folds[2].Validation, KFold.Split(labels, 5, 9)[2].Validation);
    }

    [Fact]
    public void Fewer_than_two_folds_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KFold.Split([0, 1, 0], 1, 0));
    }
}
