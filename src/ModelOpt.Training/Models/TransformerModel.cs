using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>
/// A transformer encoder classifier: images are cut into <c>patch</c>×<c>patch</c> tokens, tabular samples become one
/// token per feature; a learned positional embedding is added, <c>depth</c> pre-norm blocks follow, and the
/// classifier reads the mean of the final tokens.
/// </summary>
public sealed class TransformerModel : nn.Module<Tensor, Tensor>
{
    public const string Family = "transformer";

    private readonly nn.Module<Tensor, Tensor> embedding;
    private readonly Parameter position;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm norm;
    private readonly nn.Module<Tensor, Tensor>? dropout;
    private readonly Linear classifier;
    private readonly bool image;

    public TransformerModel(ModelConfig config, long[] sampleShape, int numClasses) : base(Family)
    {
        image = ModelConfig.IsImage(sampleShape, "transformer");
        var dim = config.Int(64, 1, "dim");
        var heads = config.Int(4, 1, "heads");
        if (dim % heads != 0) throw ModelConfig.Bad(config.KeyFor("heads"), $"{heads} heads do not divide dim {dim}");
        var depth = config.Int(2, 1, "depth");
        var mlpRatio = config.Double(2, 0, 64, "mlpRatio");
        if (mlpRatio == 0) throw ModelConfig.Bad(config.KeyFor("mlpRatio"), "must be positive");
        var dropoutRate = config.Double(0, 0, 1, "dropout");
        long tokens;
        if (image)
        {
            var patch = config.Int(4, 1, "patch");
            var (height, width) = (sampleShape[1], sampleShape[2]);
            if (height % patch != 0 || width % patch != 0)
                throw ModelConfig.Bad(config.KeyFor("patch"), $"{patch} does not divide the {height}x{width} image");
            embedding = nn.Conv2d(sampleShape[0], dim, patch, stride: patch);
            tokens = height / patch * (width / patch);
        }
        else
        {
            embedding = nn.Linear(1, dim);
            tokens = sampleShape[0];
        }
        position = nn.Parameter(randn(1, tokens, dim).mul_(0.02));
        var mlpUnits = Math.Max(1, (long)Math.Round(dim * mlpRatio));
        blocks = nn.ModuleList(Enumerable.Range(0, (int)depth)
            .Select(_ => new TransformerBlock(dim, heads, mlpUnits, Activations.Read(config), dropoutRate)).ToArray());
        norm = nn.LayerNorm(dim);
        dropout = dropoutRate > 0 ? nn.Dropout(dropoutRate) : null;
        classifier = nn.Linear(dim, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Images: [B, dim, H/p, W/p] -> [B, T, dim]; tabular: [B, F] -> [B, F, 1] -> [B, F, dim].
        var x = image ? embedding.call(input).flatten(2).transpose(1, 2) : embedding.call(input.unsqueeze(-1));
        x = x + position;
        foreach (var block in blocks) x = block.call(x);
        x = norm.call(x).mean([1]);
        if (dropout is not null) x = dropout.call(x);
        return classifier.call(x).MoveToOuterDisposeScope();
    }
}
