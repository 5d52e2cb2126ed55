using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Optimization;

/// <summary>Builds the TorchSharp optimizer a trial's settings name, over the given parameters.</summary>
public static class OptimizerFactory
{
    public static OptimizerHelper Create(OptimizerSettings s, IEnumerable<Parameter> parameters) => s.Kind switch
    {
        OptimizerKind.Sgd => optim.SGD(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        OptimizerKind.Momentum => optim.SGD(parameters, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay),
        OptimizerKind.Nesterov => optim.SGD(parameters, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay, nesterov: true),
        OptimizerKind.Adam => optim.Adam(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        OptimizerKind.RmsProp => optim.RMSProp(parameters, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay),
        OptimizerKind.Adagrad => optim.Adagrad(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(s), s.Kind, "unknown optimizer"),
    };

    /// <summary>Sets the learning rate of every parameter group (schedules drive it per step).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }
}
