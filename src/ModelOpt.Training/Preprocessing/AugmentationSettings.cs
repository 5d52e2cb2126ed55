namespace ModelOpt.Training.Preprocessing;

/// <summary>
/// Training-batch augmentation strengths (zero switches a transform off): random shift of up to
/// <paramref name="ShiftPixels"/> in each direction, random rotation of up to <paramref name="RotationDegrees"/>
/// either way (images only), and additive gaussian noise with standard deviation <paramref name="NoiseStd"/>
/// (in the scaled feature units).
/// </summary>
public sealed record AugmentationSettings(double ShiftPixels, double RotationDegrees, double NoiseStd)
{
    public static AugmentationSettings None { get; } = new(0, 0, 0);

    public bool IsActive => ShiftPixels > 0 || RotationDegrees > 0 || NoiseStd > 0;
}
