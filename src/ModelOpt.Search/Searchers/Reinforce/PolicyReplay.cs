namespace ModelOpt.Search.Searchers.Reinforce;

/// <summary>
/// The controller's learning state — policy, moving-average baseline and deviation, worst reward so far — as it
/// stands after applying a sequence of results in suggestion order.
/// </summary>
internal sealed class PolicyReplay
{
    private readonly ReinforceSettings _settings;
    private double? _baseline;
    private double _deviation;
    private double _worst = double.PositiveInfinity;

    public PolicyReplay(SoftmaxPolicy policy, ReinforceSettings settings)
    {
        Policy = policy;
        _settings = settings;
    }

    public SoftmaxPolicy Policy { get; }

    public PolicyReplay Clone() =>
        new(Policy.Clone(), _settings) { _baseline = _baseline, _deviation = _deviation, _worst = _worst };

    /// <summary>One REINFORCE step for a finished trial; a failed one (null reward) counts as the worst reward so far, or is skipped before any.</summary>
    public void Apply(double? reward, IReadOnlyDictionary<string, int> actions)
    {
        var r = reward ?? _worst;
        if (double.IsInfinity(r)) return;
        _worst = Math.Min(_worst, r);
        var b = _baseline ?? r;
        var decay = _settings.BaselineDecay;
        _deviation = decay * _deviation + (1 - decay) * (r - b) * (r - b);
        var advantage = r - b;
        if (_settings.NormalizeRewards) advantage = _deviation > 1e-24 ? advantage / Math.Sqrt(_deviation) : 0;
        _baseline = decay * b + (1 - decay) * r;
        foreach (var (name, action) in actions)
            Policy.Update(name, action, advantage, _settings.LearningRate, _settings.EntropyWeight);
    }
}
