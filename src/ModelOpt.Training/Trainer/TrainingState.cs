using ModelOpt.Training.Data;
using ModelOpt.Training.Optimization;
using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>What hooks see of a running training: the model, optimizer, data and where the loop stands.</summary>
public sealed class TrainingState(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, DataSplits data, TrainingSettings settings, Device device)
{
    public nn.Module<Tensor, Tensor> Model { get; } = model;
    public optim.Optimizer Optimizer { get; } = optimizer;
    public DataSplits Data { get; } = data;
    public TrainingSettings Settings { get; } = settings;
    public Device Device { get; } = device;

    /// <summary>Zero-based epoch in progress.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Zero-based step within the epoch.</summary>
    public int Step { get; internal set; }

    /// <summary>Steps taken since the start of training (across resumed epochs too).</summary>
    public long GlobalStep { get; internal set; }

    public double LearningRate { get; internal set; }
}
