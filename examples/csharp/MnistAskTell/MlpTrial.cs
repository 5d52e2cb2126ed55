using System.Diagnostics;
using ModelOpt.Client.External;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistAskTell;

/// <summary>One trial: an MLP built from the trial's configuration, trained an epoch at a time, each epoch reported.</summary>
public sealed class MlpTrial(Tensor images, Tensor labels)
{
    public async Task<IReadOnlyDictionary<string, double>?> TrainAsync(ExternalTrial trial, CancellationToken cancellationToken)
    {
        var split = images.shape[0] * 4 / 5;
        using var trainX = images[..(int)split];
        using var trainY = labels[..(int)split];
        using var valX = images[(int)split..];
        using var valY = labels[(int)split..];
        torch.manual_seed(trial.Number);
        var hidden = (int)trial.Config["hidden"].AsInt();
        using var model = Sequential(Linear(784, hidden), ReLU(), Dropout(trial.Config["dropout"].AsDouble()), Linear(hidden, 10));
        using var optimizer = OptimizerFor(model, trial);
        using var loss = CrossEntropyLoss();
        var batch = (int)trial.Config["batchSize"].AsInt();
        var metrics = new Dictionary<string, double>();
        for (var epoch = 1; epoch <= trial.MaxEpochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.train();
            using var order = randperm(split);
            var total = 0.0;
            for (long start = 0; start < split; start += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batch, split - start));
                optimizer.zero_grad();
                var output = loss.forward(model.forward(trainX.index_select(0, index)), trainY.index_select(0, index));
                output.backward();
                optimizer.step();
                total += output.item<float>() * index.shape[0];
            }
            metrics = new Dictionary<string, double> { ["train_loss"] = total / split, ["val_accuracy"] = Accuracy(model, valX, valY) };
            var decision = await trial.ReportAsync(epoch, metrics, clock.Elapsed, cancellationToken);
            Console.WriteLine($"{trial.TrialId} epoch {epoch}: val_accuracy {metrics["val_accuracy"]:F4}{(decision.Stop ? $" — stop: {decision.Reason}" : "")}");
            if (decision.Stop) break;
        }
        return metrics;
    }

    private static optim.Optimizer OptimizerFor(Sequential model, ExternalTrial trial)
    {
        var lr = trial.Config["lr"].AsDouble();
        return trial.Config["optimizer"].AsString() == "sgd"
            ? optim.SGD(model.parameters(), lr, momentum: trial.Config["momentum"].AsDouble())
            : optim.Adam(model.parameters(), lr);
    }

    private static double Accuracy(Sequential model, Tensor x, Tensor y)
    {
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return model.forward(x).argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
    }
}
