using ModelOpt.Search.Spaces;

namespace ModelOpt.Training.Techniques.Transfer;

/// <summary>The searchable transfer key of a trial's configuration: <c>freezeLayers</c>, the layers (input first) kept frozen (default 0).</summary>
public sealed record TransferSettings(int FreezeLayers)
{
    public const string FreezeKey = "freezeLayers";

    public static TransferSettings FromConfig(Config config)
    {
        var k = ConfigValues.Number(config, FreezeKey, 0, 0, 10_000, false, "transfer");
        if (k != Math.Floor(k)) throw ConfigValues.Bad(FreezeKey, k.ToString(System.Globalization.CultureInfo.InvariantCulture), "a whole number");
        return new TransferSettings((int)k);
    }
}
