using static TorchSharp.torch;

namespace ModelOpt.Training.Data;

/// <summary>
/// A whole data set held in managed memory (row-major float features, int64 labels). Loaders produce it once; each
/// trial cuts its splits from it into <see cref="TensorDataset"/>s, so cached data never holds native memory.
/// </summary>
public sealed class RawDataset
{
    public RawDataset(string name, float[] features, long[] sampleShape, long[] labels, IReadOnlyList<string> classNames)
    {
        SampleSize = sampleShape.Aggregate(1L, (a, b) => a * b);
        if (features.LongLength != SampleSize * labels.LongLength)
            throw new ArgumentException($"data set '{name}': {features.LongLength} feature values do not fit {labels.Length} samples of shape [{string.Join(", ", sampleShape)}]");
        Name = name;
        Features = features;
        SampleShape = sampleShape;
        Labels = labels;
        ClassNames = classNames;
    }

    public string Name { get; }
    public float[] Features { get; }
    public long[] SampleShape { get; }
    public long SampleSize { get; }
    public long[] Labels { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int NumClasses => ClassNames.Count;
    public int Count => Labels.Length;

    /// <summary>The first <paramref name="limit"/> samples (all when the limit is null or not smaller).</summary>
    public RawDataset Take(int? limit)
    {
        if (limit is not { } n || n >= Count) return this;
        return new RawDataset(Name, Features[..(int)(n * SampleSize)], SampleShape, Labels[..n], ClassNames);
    }

    /// <summary>A tensor data set holding the rows at <paramref name="indices"/>, in that order.</summary>
    public TensorDataset ToTensors(string name, IReadOnlyList<int> indices)
    {
        var size = (int)SampleSize;
        var features = new float[indices.Count * size];
        var labels = new long[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Array.Copy(Features, (long)indices[i] * size, features, (long)i * size, size);
            labels[i] = Labels[indices[i]];
        }
        var shape = new long[SampleShape.Length + 1];
        shape[0] = indices.Count;
        SampleShape.CopyTo(shape, 1);
        return new TensorDataset(name, tensor(features, shape), tensor(labels), NumClasses);
    }
}
