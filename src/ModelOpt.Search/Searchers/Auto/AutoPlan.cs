namespace ModelOpt.Search.Searchers.Auto;

/// <summary>The model-based searchers <c>auto</c> chooses between.</summary>
public enum AutoModel { Gp, Tpe }

/// <summary>
/// What <c>searcher: auto</c> does for a space and budget, and why: random configs until <see cref="StartupResults"/>
/// results exist, then <see cref="First"/>, and from trial <see cref="SwitchAtTrial"/> on (when set) multivariate TPE.
/// GP-BO is chosen for spaces without conditional parameters whose encoding has at most
/// <see cref="MaxGpDimensions"/> dimensions and whose categorical parameters do not outnumber the numeric ones: there it
/// needs the fewest trials. TPE (multivariate, grouping parameters that occur together) handles conditional,
/// categorical-heavy and high-dimensional spaces, and costs far less per trial on large budgets, so a GP search with a
/// budget over <see cref="MaxGpTrials"/> trials hands over to it there.
/// </summary>
public sealed record AutoPlan(AutoModel First, int StartupResults, int? SwitchAtTrial, string Reason)
{
    public const int MaxGpDimensions = 20;
    public const int MaxGpTrials = 1000;
    public const int DefaultStartupResults = 10;

    public static AutoPlan For(SpaceProfile space, int maxTrials, int startupResults = DefaultStartupResults)
    {
        var shape = $"{Count(space.Numeric, "numeric parameter")}, {Count(space.Categorical, "categorical parameter")}";
        if (space.Conditional)
            return new AutoPlan(AutoModel.Tpe, startupResults, null, $"{shape}; some parameters are conditional");
        if (space.ModelDimensions > MaxGpDimensions)
            return new AutoPlan(AutoModel.Tpe, startupResults, null, $"{shape}: {space.ModelDimensions} dimensions to model, more than {MaxGpDimensions}");
        if (space.Categorical > space.Numeric)
            return new AutoPlan(AutoModel.Tpe, startupResults, null, $"{shape}: mostly categorical");
        var reason = $"{shape}, {space.ModelDimensions} dimensions to model, none conditional";
        return maxTrials > MaxGpTrials
            ? new AutoPlan(AutoModel.Gp, startupResults, MaxGpTrials + 1, $"{reason}; a budget of {maxTrials} trials: TPE from trial {MaxGpTrials + 1} on, where it costs far less per trial")
            : new AutoPlan(AutoModel.Gp, startupResults, null, reason);
    }

    /// <summary>The model that suggests the trial with this 1-based number (once the start-up results exist).</summary>
    public AutoModel ModelFor(int trialNumber) => SwitchAtTrial is { } at && trialNumber >= at ? AutoModel.Tpe : First;

    /// <summary>One line for people: which searcher, and why.</summary>
    public string Describe() => First switch
    {
        AutoModel.Gp when SwitchAtTrial is { } at =>
            $"auto: random for the first {StartupResults} results, then GP-BO, then multivariate TPE from trial {at} ({Reason})",
        AutoModel.Gp => $"auto: random for the first {StartupResults} results, then GP-BO ({Reason})",
        _ => $"auto: random for the first {StartupResults} results, then multivariate TPE with conditional groups ({Reason})",
    };

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
