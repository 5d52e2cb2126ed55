using ModelOpt.Search.Spaces;
using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>
/// The torch workload's model builder: the configuration's <c>family</c> (mlp, cnn, rnn, transformer) picks the
/// architecture and its keys shape it (docs/models.md). Matches <see cref="Workloads.ModelBuilder"/>.
/// </summary>
public static class ModelFactory
{
    public static readonly string[] Families = [MlpModel.Family, CnnModel.Family, RnnModel.Family, TransformerModel.Family];

    public static nn.Module<Tensor, Tensor> Build(Config config, long[] sampleShape, int numClasses)
    {
        var family = new ModelConfig(config, "").Choice(MlpModel.Family, Families, "family");
        var reader = new ModelConfig(config, family);
        return family switch
        {
            MlpModel.Family => new MlpModel(reader, sampleShape, numClasses),
            CnnModel.Family => new CnnModel(reader, sampleShape, numClasses),
            RnnModel.Family => new RnnModel(reader, sampleShape, numClasses),
            _ => new TransformerModel(reader, sampleShape, numClasses),
        };
    }

    /// <summary>The number of trainable values: the sum of every parameter's element count.</summary>
    public static long ParameterCount(nn.Module model) => model.parameters().Sum(p => p.numel());

    /// <summary>A one-line summary of the model a configuration builds, e.g. for logs: family, parameters and layers.</summary>
    public static string Describe(Config config, long[] sampleShape, int numClasses)
    {
        using var model = Build(config, sampleShape, numClasses);
        var layers = model.named_children().Select(c => c.module.GetType().Name);
        return $"{model.GetName()}: {ParameterCount(model):N0} parameters [{string.Join(", ", layers)}]";
    }
}
