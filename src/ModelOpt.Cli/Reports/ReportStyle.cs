using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>The report's plot colours and sizes: one colour per trial outcome, the same in every plot.</summary>
public static class ReportStyle
{
    public const int Width = 900;
    public const int Height = 540;

    /// <summary>DejaVu Sans where the system has it (Debian does); ScottPlot falls back to its default otherwise.</summary>
    public const string FontName = "DejaVu Sans";

    public static readonly Color Completed = Color.FromHex("#1f77b4");
    public static readonly Color Stopped = Color.FromHex("#ff7f0e");
    public static readonly Color Failed = Color.FromHex("#d62728");
    public static readonly Color Best = Color.FromHex("#2ca02c");
    public static readonly Color UserStop = Color.FromHex("#9467bd");
    public static readonly Color Front = Color.FromHex("#17becf");
    public static readonly Color Muted = Color.FromHex("#7f7f7f");

    public static Color Of(TrialStatus phase) => phase switch
    {
        TrialStatus.Stopped => Stopped,
        TrialStatus.Failed => Failed,
        TrialStatus.Completed => Completed,
        _ => Muted,
    };

    /// <summary>Ticks on whole numbers only, for epochs and trial numbers.</summary>
    public static void WholeNumbers(IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>A new plot with the report's fonts.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Title.Label.Bold = true;
        return plot;
    }
}
