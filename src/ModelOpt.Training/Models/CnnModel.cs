using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>
/// A convolutional network over [C, H, W] images: <c>depth</c> blocks (<c>blocks[i].*</c>) of a same-padded
/// convolution, norm, activation and a 2x2 pool, then an optional dense layer (<c>headUnits</c>) and the classifier.
/// </summary>
public sealed class CnnModel : LayerChain
{
    public const string Family = "cnn";
    public static readonly string[] Pools = ["max", "avg", "none"];

    public CnnModel(ModelConfig config, long[] sampleShape, int numClasses) : base(Family)
    {
        if (sampleShape.Length != 3)
            throw ModelConfig.Bad("family", $"cnn needs image input [C, H, W], but the data's samples have shape [{string.Join(", ", sampleShape)}]");
        var blocks = config.Int(2, 1, "depth");
        var norm = Normalization.Read(config);
        var dropout = config.Double(0, 0, 1, "dropout");
        var (channels, height, width) = (sampleShape[0], sampleShape[1], sampleShape[2]);
        for (var i = 0; i < blocks; i++)
        {
            var outChannels = config.Int(32, 1, $"blocks[{i}].channels", "channels");
            var kernel = config.Int(3, 1, $"blocks[{i}].kernel", "kernel");
            var kernelKey = config.KeyFor($"blocks[{i}].kernel", "kernel");
            if (kernel % 2 == 0) throw ModelConfig.Bad(kernelKey, $"{kernel} must be odd (same padding keeps the size)");
            if (kernel > Math.Min(height, width))
                throw ModelConfig.Bad(kernelKey, $"kernel {kernel} is larger than block {i}'s input of {height}x{width}");
            Add(nn.Conv2d(channels, outChannels, kernel, padding: kernel / 2));
            Add(Normalization.Spatial(norm, outChannels));
            Add(Activations.Read(config, $"blocks[{i}].activation"));
            var pool = config.Choice("max", Pools, $"blocks[{i}].pool", "pool");
            if (pool != "none")
            {
                if (height < 2 || width < 2)
                    throw ModelConfig.Bad(config.KeyFor($"blocks[{i}].pool", "pool"), $"pooling block {i}'s {height}x{width} input would leave less than 1x1");
                Add(pool == "max" ? nn.MaxPool2d(2) : nn.AvgPool2d(2));
                (height, width) = (height / 2, width / 2);
            }
            channels = outChannels;
        }
        Add(nn.Flatten());
        var features = channels * height * width;
        var headUnits = config.Int(128, 0, "headUnits");
        if (headUnits > 0)
        {
            if (dropout > 0) Add(nn.Dropout(dropout));
            Add(nn.Linear(features, headUnits));
            Add(Activations.Read(config, "headActivation"));
            features = headUnits;
        }
        if (dropout > 0) Add(nn.Dropout(dropout));
        Add(nn.Linear(features, numClasses));
        RegisterComponents();
    }
}
