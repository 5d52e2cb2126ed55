using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Data;

/// <summary>
/// A labelled data set held as two CPU tensors: features (float32, [N, ...sample shape]) and labels (int64, [N]).
/// Owns its tensors.
/// </summary>
public sealed class TensorDataset : IDisposable
{
    public TensorDataset(string name, Tensor features, Tensor labels, int numClasses)
    {
        if (features.shape[0] != labels.shape[0])
            throw new ArgumentException($"data set '{name}': {features.shape[0]} samples but {labels.shape[0]} labels");
        Name = name;
        Features = features;
        Labels = labels;
        NumClasses = numClasses;
    }

    public string Name { get; }
    public Tensor Features { get; }
    public Tensor Labels { get; }
    public int NumClasses { get; }
    public int Count => (int)Features.shape[0];

    /// <summary>Shape of one sample, e.g. [1, 28, 28] for MNIST or [F] for tabular data.</summary>
    public long[] SampleShape => Features.shape[1..];

    /// <summary>A new data set holding the rows at <paramref name="indices"/> (copies).</summary>
    public TensorDataset Subset(string name, long[] indices)
    {
        using var idx = tensor(indices, ScalarType.Int64);
        return new TensorDataset(name, Features.index_select(0, idx), Labels.index_select(0, idx), NumClasses);
    }

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }
}

/// <summary>Train, validation and (optional) test parts of one data set.</summary>
public sealed record DataSplits(TensorDataset Train, TensorDataset Validation, TensorDataset? Test) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test?.Dispose();
    }
}
