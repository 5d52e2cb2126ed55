namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// When the GP's hyperparameters are fitted again: after every result while there are few (each one moves them
/// most), then each time the results have grown by a tenth. A suggestion with n results uses the fit of
/// <see cref="FitPoint"/>(n) — the fit on the first that many results in arrival order, which is the same whether it
/// was made live or is made after recovery, so reusing fits costs nothing in determinism.
/// </summary>
internal static class HyperparameterSchedule
{
    private const int RefitEveryResultUpTo = 40;
    private const double Growth = 1.1;

    /// <summary>How many of the <paramref name="results"/> (in arrival order) the fit used by the next suggestion is made on.</summary>
    public static int FitPoint(int results)
    {
        if (results <= RefitEveryResultUpTo) return results;
        var point = RefitEveryResultUpTo;
        while (true)
        {
            var next = (int)Math.Ceiling(point * Growth);
            if (next > results) return point;
            point = next;
        }
    }
}
