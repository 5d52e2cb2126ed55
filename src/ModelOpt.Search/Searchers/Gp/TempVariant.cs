namespace ModelOpt.Search.Searchers.Gp;

// TEMPORARY (gpmich12): diagnostics and variant switches; removed before commit.
internal static class TempVariant
{
    private static readonly string V = Environment.GetEnvironmentVariable("MOPT_GPV") ?? "";
    private static readonly bool D = Environment.GetEnvironmentVariable("MOPT_GP_DIAG") == "1";
    private static readonly double MinLs = double.TryParse(Environment.GetEnvironmentVariable("MOPT_GPV_MINLS"), System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0.1;
    private static readonly int K = int.TryParse(Environment.GetEnvironmentVariable("MOPT_GPV_K"), out var k) ? k : 2;

    public static (double Noise, double Median, double Min) Stats(GpHyperparameters fit)
    {
        var logs = (fit.IsAdditive ? fit.LogAdditiveLengthScales : fit.LogLengthScales).Order().ToArray();
        var mid = logs.Length / 2;
        var median = logs.Length % 2 == 1 ? logs[mid] : (logs[mid - 1] + logs[mid]) / 2;
        return (fit.NoiseVariance / (fit.NoiseVariance + fit.TotalSignalVariance), Math.Exp(median), Math.Exp(logs[0]));
    }

    public static bool GateExtra(GpHyperparameters fit) => V switch
    {
        "minls" => Stats(fit).Min >= MinLs,
        "minnoise" => !(Stats(fit).Min < MinLs && Stats(fit).Noise > 3e-4),
        _ => true,
    };

    public static bool BoxAllowed(GpSearcher s, GpHyperparameters fit) => V switch
    {
        // the box keeps its slot while it has not failed K times more than it succeeded
        "boxfail" => s.BoxFailures - s.BoxSuccesses * 4 < K,
        "nobox" => false,
        // the box only where the fit shows no Michalewicz-like sharp input (the draws keep main's gate)
        "boxclean" => !(Stats(fit).Min < MinLs && Stats(fit).Noise > 3e-4),
        _ => true,
    };

    public static void Diag(ulong seed, int order, List<GpTrial> results, int pending, GpHyperparameters fit, string kind)
    {
        if (!D) return;
        var (noise, median, min) = Stats(fit);
        var best = results.Min(t => t.Loss!.Value);
        Console.Error.WriteLine(FormattableString.Invariant($"DIAG seed={seed} order={order} results={results.Count} pending={pending} noise={noise:G3} med={median:F3} min={min:F3} best={best:F4} kind={kind}"));
    }
}
