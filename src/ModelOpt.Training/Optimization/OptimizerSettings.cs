namespace ModelOpt.Training.Optimization;

public enum OptimizerKind { Sgd, Momentum, Nesterov, Adam, AdamW, RmsProp, Adagrad }

/// <summary>The optimizer of a trial. <paramref name="GradClip"/> is a maximum gradient norm; 0 switches clipping off.</summary>
public sealed record OptimizerSettings(OptimizerKind Kind, double LearningRate, double Momentum, double WeightDecay, double GradClip)
{
    public static readonly IReadOnlyDictionary<string, OptimizerKind> Names = new Dictionary<string, OptimizerKind>(StringComparer.Ordinal)
    {
        ["sgd"] = OptimizerKind.Sgd,
        ["momentum"] = OptimizerKind.Momentum,
        ["nesterov"] = OptimizerKind.Nesterov,
        ["adam"] = OptimizerKind.Adam,
        ["adamw"] = OptimizerKind.AdamW,
        ["rmsprop"] = OptimizerKind.RmsProp,
        ["adagrad"] = OptimizerKind.Adagrad,
    };
}
