using ModelOpt.Training.Data;
using ModelOpt.Training.Preprocessing;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Preprocessing;

public class FeatureScalerTests
{
    private static TensorDataset Data(string name, float[,] values) =>
        new(name, tensor(values), zeros(values.GetLength(0), ScalarType.Int64), 2);

    [Fact]
    public void Standardization_uses_training_statistics_only()
    {
        using var train = Data("train", new float[,] { { 1, 10 }, { 3, 10 }, { 5, 10 } });
        using var validation = Data("validation", new float[,] { { 103, 7 } });
        using var scaler = FeatureScaler.Fit(train, Normalization.Standardize);
        scaler.Apply(train);
        scaler.Apply(validation);
        // Train column 0: mean 3, sample std 2. Column 1 is constant: only shifted.
        Assert.Equal([-1f, 0, 0, 0, 1, 0], train.Features.data<float>().ToArray());
        Assert.Equal([50f, -3], validation.Features.data<float>().ToArray());
    }

    [Fact]
    public void Unit_scaling_maps_the_training_range_of_images_to_zero_one()
    {
        using var train = new TensorDataset("train", tensor(new float[] { 0, 51, 255, 102 }).reshape(1, 1, 2, 2), zeros(1, ScalarType.Int64), 2);
        using var validation = new TensorDataset("validation", full(new long[] { 1, 1, 2, 2 }, 510f), zeros(1, ScalarType.Int64), 2);
        using var scaler = FeatureScaler.Fit(train, Normalization.Unit);
        scaler.Apply(train);
        scaler.Apply(validation);
        Assert.Equal([0f, 0.2f, 1, 0.4f], train.Features.flatten().data<float>().ToArray());
        Assert.All(validation.Features.flatten().data<float>().ToArray(), v => Assert.Equal(2f, v));
    }
}
