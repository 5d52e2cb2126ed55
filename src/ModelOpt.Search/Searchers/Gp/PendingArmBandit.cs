namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// EXP3 (Auer et al. 2002) over the acquisitions that may make a suggestion while trials are pending, judged by
/// realized results: an arm is drawn with probability (1 − γ)·softmax(η·G) + γ/K, and when a trial it made ends its
/// reward (in [0, 1]) divided by the probability it was drawn with adds to its gain G, so arms drawn rarely are not
/// judged by fewer results. The gains are a function of the trials and their results only, so a searcher rebuilt
/// from the journal holds the same ones.
/// </summary>
internal sealed class PendingArmBandit(int arms, double rate, bool beta = false)
{
    private const double Exploration = 0.1;

    private readonly double[] _gains = new double[arms];
    private readonly int[] _wins = new int[arms];
    private readonly int[] _losses = new int[arms];

    /// <summary>Beta-Bernoulli Thompson sampling instead: each arm's success rate drawn from Beta(1 + wins, 1 + losses), the best followed.</summary>
    public int DrawBeta(DeterministicRandom random)
    {
        var best = 0;
        var top = double.NegativeInfinity;
        for (var a = 0; a < arms; a++)
        {
            // Beta(w + 1, l + 1) is the (w + 1)-th smallest of w + l + 1 uniforms.
            var u = Enumerable.Range(0, _wins[a] + _losses[a] + 1).Select(_ => random.NextDouble()).Order().ElementAt(_wins[a]);
            if (u > top) (best, top) = (a, u);
        }
        return best;
    }

    public bool IsBeta => beta;

    public double[] Probabilities()
    {
        var top = _gains.Max();
        var weights = _gains.Select(g => Math.Exp(rate * (g - top))).ToArray();
        var sum = weights.Sum();
        return [.. weights.Select(w => (1 - Exploration) * w / sum + Exploration / arms)];
    }

    public static int Draw(double[] probabilities, DeterministicRandom random)
    {
        var u = random.NextDouble();
        for (var a = 0; a < probabilities.Length - 1; a++)
        {
            u -= probabilities[a];
            if (u < 0) return a;
        }
        return probabilities.Length - 1;
    }

    public void Reward(PendingArm drawn, double reward)
    {
        _gains[drawn.Arm] += reward / drawn.Probability;
        if (reward >= 0.5) _wins[drawn.Arm]++;
        else _losses[drawn.Arm]++;
    }
}

/// <summary>The arm a pending slot's suggestion came from, the probability it was drawn with, and the best loss known then.</summary>
internal readonly record struct PendingArm(int Arm, double Probability, double BestLoss);
