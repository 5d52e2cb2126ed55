using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// A suggestion inside a <see cref="TrustRegion"/>: the region's discrete values, continuous values chosen by
/// expected improvement under a local GP — fitted on the combination's results nearest the region's centre, in the
/// continuous parameters only, with its own standardization — over random candidates in the box. The global GP
/// standardizes losses spanning thousands, so a narrow valley at 0–1 next to a best of 10 is invisible to it; the local
/// GP sees only the neighbourhood's scale (TuRBO's local model).
/// </summary>
internal sealed class TrustRegionSearch
{
    private const int LocalResults = 16, Candidates = 300;

    private readonly IReadOnlyList<ParameterDefinition> _continuous;

    public TrustRegionSearch(SearchSpace space) =>
        _continuous = space.Parameters.Where(p => p.Domain is FloatDomain f && f.Cardinality is not 1).ToList();

    /// <summary>Whether the space has a continuous parameter for a box to span.</summary>
    public bool HasContinuousParameters => _continuous.Count > 0;

    /// <summary>The continuous parameters' unit values (every parameter is active: combination spaces have no conditions).</summary>
    public double[] Coordinates(Config config) => _continuous.Select(p => UnitScale.ToUnit(p.Domain, config[p.Name])).ToArray();

    /// <summary>The suggestion, or null when the local GP cannot be built or every candidate was accepted before.</summary>
    public Config? Propose(TrustRegion region, IReadOnlyList<GpTrial> combinationPending,
        Func<Config, bool> accepted, DeterministicRandom random)
    {
        var centre = Coordinates(region.Center.Config);
        var near = region.Results.OrderBy(t => SquaredDistance(Coordinates(t.Config), centre)).ThenBy(t => t.Order).Take(LocalResults).ToList();
        var x = near.Select(t => Coordinates(t.Config)).ToArray();
        var y = LossScale.Standardize(near.Select(t => t.Loss!.Value).ToArray());
        var hyperparameters = MarginalLikelihoodFit.Fit(x, y, additive: false);
        var model = GaussianProcess.TryCreate(x, y, hyperparameters);
        if (model is null) return null;
        var best = y.Min();
        if (combinationPending.Count > 0)
        {
            // Kriging believer, as the global GP: a trial in flight counts as its predicted value.
            var pendingX = combinationPending.Select(t => Coordinates(t.Config)).ToArray();
            var lies = pendingX.Select(p => model.Predict(p).Mean).ToArray();
            model = GaussianProcess.TryCreate([.. x, .. pendingX], [.. y, .. lies], hyperparameters) ?? model;
        }

        (Config Config, double Score)? chosen = null;
        for (var i = 0; i < Candidates; i++)
        {
            var config = region.Center.Config;
            for (var d = 0; d < _continuous.Count; d++)
            {
                var low = Math.Max(0, centre[d] - region.Side / 2);
                var high = Math.Min(1, centre[d] + region.Side / 2);
                config = config.With(_continuous[d].Name, UnitScale.FromUnit(_continuous[d].Domain, random.Uniform(low, high)));
            }
            if (accepted(config)) continue;
            var (mean, variance) = model.Predict(Coordinates(config));
            var score = ExpectedImprovement.Compute(mean, variance, best, 0);
            if (chosen is not { } c || score > c.Score) chosen = (config, score);
        }
        return chosen?.Config;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }
}
