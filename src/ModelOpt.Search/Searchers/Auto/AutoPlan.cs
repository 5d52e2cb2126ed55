namespace ModelOpt.Search.Searchers.Auto;

/// <summary>The model-based searchers <c>auto</c> chooses between.</summary>
public enum AutoModel { Gp, Tpe }

/// <summary>
/// What <c>searcher: auto</c> does for a space and budget, and why: a start-up of <see cref="StartupTrials"/> random
/// configs (GP-BO waits for their results, TPE for the first one), then <see cref="First"/>, and from trial <see cref="SwitchAtTrial"/> on (when set) multivariate TPE.
/// GP-BO is chosen for spaces without conditional parameters whose encoding has at most
/// <see cref="MaxGpDimensions"/> dimensions and whose categorical parameters do not outnumber the numeric ones: there it
/// needs the fewest trials. TPE (multivariate, grouping parameters that occur together) handles conditional,
/// categorical-heavy and high-dimensional spaces, and costs far less per trial on large budgets, so a GP search with a
/// budget over <see cref="MaxGpTrials"/> trials hands over to it there.
/// </summary>
public sealed record AutoPlan(AutoModel First, int StartupTrials, int? SwitchAtTrial, string Reason)
{
    public const int MaxGpDimensions = 20;
    public const int MaxGpTrials = 1000;
    public const int DefaultStartupTrials = 10;

    /// <summary>Random trials before a model takes over: 10, or a quarter of a small budget (at least 3).</summary>
    public static int StartupFor(int maxTrials) => Math.Clamp(maxTrials / 4, 3, DefaultStartupTrials);

    /// <summary>The plan for a searcher context, reading the one option <c>auto</c> has (<c>nStartupTrials</c>).</summary>
    public static AutoPlan Read(SearcherContext context)
    {
        var startup = context.Options.Int("nStartupTrials", StartupFor(context.MaxTrials), min: 1, max: 10_000);
        context.Options.RejectUnknown();
        return For(SpaceProfile.Of(context.Space), context.MaxTrials, startup);
    }

    public static AutoPlan For(SpaceProfile space, int maxTrials, int startupTrials = DefaultStartupTrials)
    {
        var shape = $"{Count(space.Numeric, "numeric parameter")}, {Count(space.Categorical, "categorical parameter")}";
        if (space.Conditional)
            return new AutoPlan(AutoModel.Tpe, startupTrials, null, $"{shape}, some conditional: TPE models each group of parameters that occur together");
        if (space.ModelDimensions > MaxGpDimensions)
            return new AutoPlan(AutoModel.Tpe, startupTrials, null, $"{shape}, {space.ModelDimensions} dimensions to model: more than GP-BO handles well ({MaxGpDimensions})");
        if (space.Categorical > space.Numeric)
            return new AutoPlan(AutoModel.Tpe, startupTrials, null, $"{shape}: mostly categorical, which TPE models directly");
        var reason = $"{shape}, none conditional, {space.ModelDimensions} dimensions to model: GP-BO needs the fewest trials";
        return maxTrials > MaxGpTrials
            ? new AutoPlan(AutoModel.Gp, startupTrials, MaxGpTrials + 1, $"{reason}; past {MaxGpTrials} trials TPE costs far less per trial")
            : new AutoPlan(AutoModel.Gp, startupTrials, null, reason);
    }

    /// <summary>The model that suggests the trial with this 1-based number (once the start-up is over).</summary>
    public AutoModel ModelFor(int trialNumber) => SwitchAtTrial is { } at && trialNumber >= at ? AutoModel.Tpe : First;

    /// <summary>One line for people: which searcher, and why.</summary>
    public string Describe() => First switch
    {
        AutoModel.Gp when SwitchAtTrial is { } at => $"auto: random until {StartupTrials} results, GP-BO until trial {at - 1}, then multivariate TPE ({Reason})",
        AutoModel.Gp => $"auto: random until {StartupTrials} results, then GP-BO ({Reason})",
        _ => $"auto: random for {StartupTrials} trials, then multivariate TPE ({Reason})",
    };

    private static string Count(int n, string what) => n switch { 0 => $"no {what}s", 1 => $"1 {what}", _ => $"{n} {what}s" };
}
