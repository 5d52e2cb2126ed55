using ModelOpt.Search.Functions;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// <c>workload: {kind: curve}</c>: a simulated training run that reports metric <c>accuracy</c> every epoch from
/// <see cref="LearningCurveSimulator"/>. <c>epochSeconds</c> makes each epoch take that long (cancellable), so
/// scheduling, early stopping and slot release can be exercised without real training.
/// </summary>
public sealed class CurveWorkload(double epochSeconds, double noise) : ISpecCheckingWorkload
{
    public const string Kind = "curve";
    public const string Metric = "accuracy";

    public static CurveWorkload Create(WorkloadSpec spec, AlgorithmOptions options)
    {
        var seconds = options.Double("epochSeconds", 0, min: 0, max: 3600);
        var noise = options.Double("noise", 0.004, min: 0, max: 0.5);
        options.RejectUnknown();
        options.ThrowIfInvalid();
        return new CurveWorkload(seconds, noise);
    }

    /// <summary>Epochs only await a delay.</summary>
    public bool NeverBlocks => true;

    public async Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        var curve = new LearningCurveSimulator(noise).Curve(context.Config, context.MaxEpochs, context.Seed);
        var last = new Dictionary<string, double>();
        for (var epoch = context.StartEpoch + 1; epoch <= context.MaxEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (epochSeconds > 0) await Task.Delay(TimeSpan.FromSeconds(epochSeconds), cancellationToken);
            last = new Dictionary<string, double> { [Metric] = curve[epoch - 1] };
            report(new EpochReport(epoch, last, epochSeconds));
        }
        return new TrialResult(last);
    }

    public IEnumerable<SpecError> CheckSpec(SearchSpace space, Objective objective)
    {
        if (objective.Metric != Metric)
            yield return new SpecError("objective.metric", $"the curve workload reports '{Metric}', got '{objective.Metric}'");
        if (!space.Contains("lr"))
            yield return new SpecError("space", "the curve workload needs a float parameter 'lr' (the learning rate)");
    }
}
