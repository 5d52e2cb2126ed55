using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Transfer;

/// <summary>
/// Keeps the normalisation layers of frozen layers in eval mode while the rest trains, so a frozen batch norm keeps
/// the source's running statistics too (the trainer switches the whole model to train mode every epoch).
/// </summary>
public sealed class FrozenNormHook(IReadOnlyCollection<string> frozenParameters) : ITrainingHook
{
    private List<nn.Module> _norms = [];

    public void OnTrainingStart(TrainingState state) =>
        _norms = state.Model.named_modules()
            .Where(m => LayerGroups.IsNorm(m.module) && m.module.named_parameters().Any() && m.module.named_parameters().All(p => frozenParameters.Contains($"{m.name}.{p.name}")))
            .Select(m => m.module)
            .ToList();

    public Tensor PrepareBatch(TrainingState state, Tensor input, Tensor target)
    {
        if (state.Step == 0) foreach (var norm in _norms) norm.eval();
        return input;
    }
}
