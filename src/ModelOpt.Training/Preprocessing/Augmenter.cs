using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ModelOpt.Training.Preprocessing;

/// <summary>
/// Applies <see cref="AugmentationSettings"/> to training batches, drawing from its own seeded generator so a trial
/// replays exactly. Shift and rotation are one affine warp per sample (affine_grid + grid_sample, bilinear, zero
/// padding); noise is added after. Batches of non-image samples get the noise only.
/// </summary>
public sealed class Augmenter : IDisposable
{
    private readonly AugmentationSettings _settings;
    private readonly Generator _generator;

    public Augmenter(AugmentationSettings settings, ulong seed)
    {
        _settings = settings;
        _generator = new Generator(seed);
    }

    /// <summary>The augmented batch (a new tensor in the caller's dispose scope), or the input itself when inactive.</summary>
    public Tensor Apply(Tensor batch)
    {
        if (!_settings.IsActive) return batch;
        var result = batch;
        if (batch.dim() == 4 && (_settings.ShiftPixels > 0 || _settings.RotationDegrees > 0)) result = Warp(result);
        if (_settings.NoiseStd > 0)
            result = result + empty(result.shape).normal_(0, _settings.NoiseStd, _generator).to(result.device);
        return result;
    }

    private Tensor Warp(Tensor batch)
    {
        var n = batch.shape[0];
        var height = batch.shape[2];
        var width = batch.shape[3];
        // Random draws use uniform_/normal_ with plain doubles: no implicit Scalar objects whose finalizer could
        // race the native call.
        var maxAngle = _settings.RotationDegrees * Math.PI / 180;
        var angle = empty(n).uniform_(-maxAngle, maxAngle, _generator);
        // affine_grid works in normalised coordinates where the image spans [-1, 1]: one pixel is 2/size.
        var maxDx = _settings.ShiftPixels * 2.0 / width;
        var maxDy = _settings.ShiftPixels * 2.0 / height;
        var dx = empty(n).uniform_(-maxDx, maxDx, _generator);
        var dy = empty(n).uniform_(-maxDy, maxDy, _generator);
        var cos = angle.cos();
        var sin = angle.sin();
        var theta = stack([cos, -sin, dx, sin, cos, dy], 1).reshape(n, 2, 3).to(batch.device);
        var grid = F.affine_grid(theta, batch.shape, align_corners: false);
        return F.grid_sample(batch, grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false);
    }

    public void Dispose() => _generator.Dispose();
}
