using ModelOpt.Training.Data;

namespace ModelOpt.Training.Techniques.Adversarial;

/// <summary>The range of the (scaled) training features; adversarial inputs are kept inside it, as pixels stay in [0,1].</summary>
public readonly record struct DataRange(double Low, double High)
{
    public static DataRange Of(TensorDataset train)
    {
        if (train.Count == 0) return new DataRange(double.NegativeInfinity, double.PositiveInfinity);
        using var min = train.Features.min();
        using var max = train.Features.max();
        return new DataRange(min.item<float>(), max.item<float>());
    }
}
