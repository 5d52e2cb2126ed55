namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Expected improvement with trials in flight, averaged over joint posterior samples ("fantasies") of their results:
/// each sample conditions the GP on the finished results and one draw of the pending results, and its EI counts
/// improvement below the best of both. That is the gain a candidate adds to the batch's q-EI (greedy sequential
/// q-EI), where the kriging believer conditions on the posterior mean alone and so never lets a pending trial be the
/// one that improves. The posterior variance does not depend on the targets, so every sample shares one kernel
/// vector and one solve per candidate and costs one dot product more.
/// </summary>
internal sealed class FantasyImprovement
{
    private readonly GaussianProcess _model;
    private readonly double[][] _weights;
    private readonly double[] _best;
    private readonly double[] _means;

    private FantasyImprovement(GaussianProcess model, double[][] weights, double[] best)
    {
        _model = model;
        _weights = weights;
        _best = best;
        _means = new double[weights.Length];
    }

    /// <summary>
    /// <paramref name="samples"/> fantasies of the <paramref name="pending"/> results under <paramref name="model"/>
    /// (fitted on <paramref name="x"/>, <paramref name="y"/>); null when a covariance cannot be factored.
    /// </summary>
    public static FantasyImprovement? TryCreate(GaussianProcess model, double[][] x, double[] y, IReadOnlyList<double[]> pending,
        GpHyperparameters hyperparameters, int samples, DeterministicRandom random)
    {
        var m = pending.Count;
        var (mean, covariance) = model.Joint(pending);
        // A pending trial's result is an observation: the latent value plus the fitted noise, as the results it joins.
        for (var i = 0; i < m; i++) covariance[i * m + i] += hyperparameters.NoiseVariance;
        var spread = CholeskyFactor.TryCreate(covariance, m);
        var augmented = GaussianProcess.TryCreate([.. x, .. pending], [.. y, .. mean], hyperparameters);
        if (spread is null || augmented is null) return null;

        var observedBest = y.Min();
        var weights = new double[samples][];
        var best = new double[samples];
        var z = new double[m];
        for (var s = 0; s < samples; s++)
        {
            for (var i = 0; i < m; i++) z[i] = random.Normal();
            var draw = spread.MultiplyLower(z);
            for (var i = 0; i < m; i++) draw[i] += mean[i];
            weights[s] = augmented.MeanWeights([.. y, .. draw]);
            best[s] = Math.Min(observedBest, draw.Min());
        }
        return new FantasyImprovement(augmented, weights, best);
    }

    /// <summary>EI at <paramref name="point"/> averaged over the fantasies.</summary>
    public double Compute(ReadOnlySpan<double> point, double xi)
    {
        var variance = _model.PredictMeans(point, _weights, _means);
        var sum = 0.0;
        for (var s = 0; s < _means.Length; s++) sum += ExpectedImprovement.Compute(_means[s], variance, _best[s], xi);
        return sum / _means.Length;
    }
}
