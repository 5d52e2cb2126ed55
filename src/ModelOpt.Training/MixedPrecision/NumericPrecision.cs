namespace ModelOpt.Training.MixedPrecision;

/// <summary>
/// How a trial computes (config key <c>precision</c>): <c>fp32</c> everywhere, or mixed precision with the forward pass
/// in <c>bf16</c> or <c>fp16</c> under autocast while weights, gradients and the optimizer stay fp32 (fp16 with dynamic
/// loss scaling). Searchable like any other key: <c>precision: {type: categorical, values: [fp32, bf16]}</c>.
/// </summary>
public enum NumericPrecision { Fp32, Bf16, Fp16 }

public static class NumericPrecisions
{
    public const string ConfigKey = "precision";

    public static readonly IReadOnlyDictionary<string, NumericPrecision> Names = new Dictionary<string, NumericPrecision>(StringComparer.Ordinal)
    {
        ["fp32"] = NumericPrecision.Fp32,
        ["bf16"] = NumericPrecision.Bf16,
        ["fp16"] = NumericPrecision.Fp16,
    };

    public static string Name(this NumericPrecision precision) => precision switch
    {
        NumericPrecision.Bf16 => "bf16",
        NumericPrecision.Fp16 => "fp16",
        _ => "fp32",
    };
}
