namespace ModelOpt.Search.Searchers.Reinforce;

/// <summary>Independent softmax logits per decision, updated by the REINFORCE gradient with an optional entropy bonus.</summary>
internal sealed class SoftmaxPolicy
{
    private readonly Dictionary<string, double[]> _logits;

    public SoftmaxPolicy(IEnumerable<KeyValuePair<string, Decision>> decisions)
    {
        _logits = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, decision) in decisions) _logits[name] = new double[decision.Options];
    }

    private SoftmaxPolicy(Dictionary<string, double[]> logits) => _logits = logits;

    public SoftmaxPolicy Clone() => new(_logits.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone(), StringComparer.Ordinal));

    public double[] Probabilities(string name)
    {
        var logits = _logits[name];
        var max = logits.Max();
        var p = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = p.Sum();
        for (var i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>θ += lr·(advantage·∇log π(action) + entropyWeight·∇H) for one decision.</summary>
    public void Update(string name, int action, double advantage, double learningRate, double entropyWeight)
    {
        var p = Probabilities(name);
        var entropy = -p.Where(q => q > 0).Sum(q => q * Math.Log(q));
        var logits = _logits[name];
        for (var k = 0; k < logits.Length; k++)
        {
            var logProbGradient = (k == action ? 1 : 0) - p[k];
            var entropyGradient = p[k] > 0 ? -p[k] * (Math.Log(p[k]) + entropy) : 0;
            logits[k] += learningRate * (advantage * logProbGradient + entropyWeight * entropyGradient);
        }
    }
}
