namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// GP-Hedge (Hoffman, Brochu and de Freitas 2011) over the acquisitions that may make a suggestion while trials are
/// pending. Every such suggestion asks each arm for its nominee and follows one arm, drawn with probability
/// proportional to exp(gain); an arm's gain is minus the sum of the posterior mean at all its past nominees, taken
/// under the current model, so each arm is judged again as results arrive, including on nominees it was not followed
/// on. The mean is in standardized losses, so a unit of gain is one deviation of the finished results.
/// </summary>
internal sealed class PendingPortfolio(int arms)
{
    private readonly List<double[][]> _rounds = new(); // each accepted hedged suggestion's nominees, encoded, by arm
    private readonly Dictionary<string, double[][]> _offered = new(StringComparer.Ordinal);

    public int Arms => arms;

    /// <summary>The arm to follow, given the current posterior mean of a point.</summary>
    public int Choose(Func<double[], double> mean, DeterministicRandom random)
    {
        var gains = new double[arms];
        foreach (var round in _rounds)
            for (var a = 0; a < arms; a++) gains[a] -= mean(round[a]);
        var top = gains.Max();
        var weights = gains.Select(g => Math.Exp(g - top)).ToArray();
        var u = random.NextDouble() * weights.Sum();
        for (var a = 0; a < arms - 1; a++)
        {
            u -= weights[a];
            if (u < 0) return a;
        }
        return arms - 1;
    }

    /// <summary>Remembers the nominees behind a suggestion; they count once the suggestion is accepted.</summary>
    public void Offer(string trialId, double[][] nominees) => _offered[trialId] = nominees;

    public void Accept(string trialId)
    {
        if (_offered.Remove(trialId, out var nominees)) _rounds.Add(nominees);
    }
}
