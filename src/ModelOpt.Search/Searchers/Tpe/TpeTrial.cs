using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>What the TPE searcher remembers of one suggested trial.</summary>
internal sealed class TpeTrial(string id, int order, Config config, double[] encoded)
{
    public string Id { get; } = id;

    /// <summary>Position in suggestion order: the stable key that makes the model independent of result arrival order.</summary>
    public int Order { get; } = order;

    public Config Config { get; } = config;

    /// <summary>Encoded value per space parameter (by index); NaN where the parameter is inactive or constant.</summary>
    public double[] Encoded { get; } = encoded;

    /// <summary>Null while the trial is running.</summary>
    public TrialStatus? Status { get; private set; }

    /// <summary>The objective in minimization form (NaN results count as the worst possible).</summary>
    public double Loss { get; private set; }

    public int Epochs { get; private set; }

    public bool IsFinished => Status is TrialStatus.Completed or TrialStatus.Stopped;

    public void Finish(TrialOutcome outcome, Objective objective)
    {
        Status = outcome.Status;
        Epochs = outcome.Epochs;
        var loss = outcome.Objective is { } value ? objective.ToLoss(value) : double.PositiveInfinity;
        Loss = double.IsNaN(loss) ? double.PositiveInfinity : loss;
    }

    /// <summary>
    /// Best first: completed trials by loss; then stopped ones, those that got further first (their losses at fewer
    /// epochs are not comparable), each by loss; then running ones. Ties go by suggestion order.
    /// </summary>
    public static int CompareByRank(TpeTrial a, TpeTrial b)
    {
        var group = Group(a).CompareTo(Group(b));
        if (group != 0) return group;
        if (a.Status == TrialStatus.Stopped)
        {
            var epochs = b.Epochs.CompareTo(a.Epochs);
            if (epochs != 0) return epochs;
        }
        if (a.Status is not null)
        {
            var loss = a.Loss.CompareTo(b.Loss);
            if (loss != 0) return loss;
        }
        return a.Order.CompareTo(b.Order);
    }

    private static int Group(TpeTrial t) => t.Status switch
    {
        TrialStatus.Completed => 0,
        TrialStatus.Stopped => 1,
        _ => 2,
    };
}
