using ModelOpt.Search;
using ModelOpt.Training.Techniques.Distillation;
using ModelOpt.Training.Techniques.Pruning;
using ModelOpt.Training.Techniques.Transfer;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// The model-optimization techniques a <c>torch</c> workload applies (<c>workload.pruning</c>,
/// <c>workload.distillation</c>, <c>workload.transfer</c>); each is off unless its block is present. What a search
/// may tune per trial (sparsity, temperature, alpha, frozen layers) are configuration keys instead.
/// </summary>
public sealed record TechniqueOptions(PruningOptions? Pruning, DistillationOptions? Distillation, TransferOptions? Transfer)
{
    public static readonly TechniqueOptions None = new(null, null, null);

    public static TechniqueOptions Read(AlgorithmOptions options)
    {
        var pruning = options.Nested(PruningOptions.Key) is { } p ? PruningOptions.Read(p) : null;
        var distillation = options.Nested(DistillationOptions.Key) is { } d ? DistillationOptions.Read(d) : null;
        var transfer = options.Nested(TransferOptions.Key) is { } t ? TransferOptions.Read(t) : null;
        return new TechniqueOptions(pruning, distillation, transfer);
    }
}
