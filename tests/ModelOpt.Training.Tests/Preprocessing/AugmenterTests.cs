using ModelOpt.Training.Preprocessing;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Preprocessing;

public class AugmenterTests
{
    private static Tensor Images()
    {
        var x = zeros(4, 1, 12, 12);
        x[TensorIndex.Colon, TensorIndex.Colon, 6, TensorIndex.Colon] = tensor(1f);
        return x;
    }

    [Fact]
    public void Inactive_augmentation_returns_the_batch_untouched()
    {
        using var scope = NewDisposeScope();
        var batch = Images();
        using var augmenter = new Augmenter(AugmentationSettings.None, 1);
        Assert.Same(batch, augmenter.Apply(batch));
    }

    [Theory]
    [InlineData(2, 0, 0)]
    [InlineData(0, 20, 0)]
    [InlineData(0, 0, 0.1)]
    public void Each_transform_changes_the_batch_and_replays_with_the_same_seed(double shift, double rotation, double noise)
    {
        using var scope = NewDisposeScope();
        var batch = Images();
        var settings = new AugmentationSettings(shift, rotation, noise);
        using var first = new Augmenter(settings, 42);
        using var second = new Augmenter(settings, 42);
        var a = first.Apply(batch);
        var b = second.Apply(batch);
        Assert.Equal(batch.shape, a.shape);
        Assert.True((a - batch).abs().max().item<float>() > 0.05f);
        Assert.True(a.allclose(b));
    }

    [Fact]
    public void A_shift_moves_ink_by_at_most_the_given_pixels()
    {
        using var scope = NewDisposeScope();
        var batch = Images();
        using var augmenter = new Augmenter(new AugmentationSettings(2, 0, 0), 3);
        var shifted = augmenter.Apply(batch);
        var rowMass = shifted.sum([0, 1, 3]);
        var rows = rowMass.data<float>().ToArray();
        for (var r = 0; r < rows.Length; r++)
            if (Math.Abs(r - 6) > 2) Assert.True(rows[r] < 1e-4f, $"row {r} has ink {rows[r]}");
    }
}
