using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>White for 0 to dark blue for 1, so the confusion matrix's diagonal stands out dark and zeros stay blank.</summary>
public sealed class ShareColormap : IColormap
{
    private static readonly Color Low = Color.FromHex("#f7fbff");
    private static readonly Color High = Color.FromHex("#08306b");

    public string Name => "share";

    public Color GetColor(double position)
    {
        var t = double.IsFinite(position) ? Math.Clamp(position, 0, 1) : 0;
        byte Mix(byte a, byte b) => (byte)Math.Round(a + (b - a) * t);
        return new Color(Mix(Low.R, High.R), Mix(Low.G, High.G), Mix(Low.B, High.B));
    }

    /// <summary>Whether text on this share's colour reads better in white.</summary>
    public static bool IsDark(double share) => share > 0.45;
}
