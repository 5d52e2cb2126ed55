namespace ModelOpt.Search.Searchers.Gp;

// TEMPORARY (gpgate10): prints the fit's shares and length scales at 20/40/70 results; removed before the end.
internal static class GateDiagnostic
{
    private static readonly bool On = Environment.GetEnvironmentVariable("MOPT_GP_DIAG") == "1";

    public static void Report(ulong seed, int results, GpHyperparameters h)
    {
        if (!On || results % 5 != 0) return;
        var additive = h.AdditiveVariance;
        var joint = h.SignalVariance;
        var noise = h.NoiseVariance;
        static double Median(double[] logs) { var v = logs.Select(Math.Exp).Order().ToArray(); return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2; }
        Console.Error.WriteLine(FormattableString.Invariant(
            $"DIAG seed={seed} n={results} addShare={additive / (additive + joint):F4} noiseShare={noise / (noise + additive + joint):F5} addLs={Median(h.LogAdditiveLengthScales):F4} jointLs={Median(h.LogLengthScales):F4} minAddLs={(h.IsAdditive ? h.LogAdditiveLengthScales.Select(Math.Exp).Min() : double.NaN):F4} minJointLs={h.LogLengthScales.Select(Math.Exp).Min():F4}"));
    }

    public static bool Choice(int results, bool draw)
    {
        if (On) Console.Error.WriteLine(FormattableString.Invariant($"GATE n={results} draw={(draw ? 1 : 0)}"));
        return draw;
    }
}
