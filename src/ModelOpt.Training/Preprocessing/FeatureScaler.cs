using ModelOpt.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Preprocessing;

public enum Normalization { None, Unit, Standardize }

/// <summary>
/// Scales features with statistics fitted on the training split only (so nothing leaks from validation or test):
/// <c>unit</c> maps the training range to [0,1]; <c>standardize</c> subtracts the training mean and divides by the
/// training standard deviation. Tabular samples ([F]) get per-feature statistics, images one set for all pixels.
/// </summary>
public sealed class FeatureScaler : IDisposable
{
    private readonly Tensor _shift;
    private readonly Tensor _scale;

    private FeatureScaler(Tensor shift, Tensor scale)
    {
        _shift = shift;
        _scale = scale;
    }

    public static FeatureScaler Fit(TensorDataset train, Normalization normalization)
    {
        using var scope = NewDisposeScope();
        var x = train.Features;
        var perFeature = x.dim() == 2;
        Tensor shift, spread;
        switch (normalization)
        {
            case Normalization.Unit:
                shift = perFeature ? x.amin(0) : x.min();
                spread = (perFeature ? x.amax(0) : x.max()) - shift;
                break;
            case Normalization.Standardize:
                shift = perFeature ? x.mean([0]) : x.mean();
                spread = perFeature ? x.std(0) : x.std();
                break;
            default:
                shift = zeros(1);
                spread = ones(1);
                break;
        }
        // Constant features keep their (shifted) value instead of dividing by zero. Scalars are explicit and
        // disposed: an implicit one can be finalized while the native call still reads it.
        using var tiny = 1e-12.ToScalar();
        var scale = where(spread.gt(tiny), spread, ones_like(spread));
        return new FeatureScaler(shift.MoveToOuterDisposeScope(), scale.MoveToOuterDisposeScope());
    }

    /// <summary>Scales the data set's features in place.</summary>
    public void Apply(TensorDataset data)
    {
        using var scope = NewDisposeScope();
        data.Features.sub_(_shift).div_(_scale);
    }

    public void Dispose()
    {
        _shift.Dispose();
        _scale.Dispose();
    }
}
