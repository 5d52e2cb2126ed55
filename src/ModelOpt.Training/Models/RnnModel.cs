using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>
/// A recurrent classifier: an LSTM or GRU reads images row by row (H steps of C·W features) or tabular samples
/// feature by feature (F steps of 1), and the classifier reads the last step's output.
/// </summary>
public sealed class RnnModel : nn.Module<Tensor, Tensor>
{
    public const string Family = "rnn";
    public static readonly string[] Cells = ["lstm", "gru"];

    private readonly LSTM? lstm;
    private readonly GRU? gru;
    private readonly nn.Module<Tensor, Tensor>? norm;
    private readonly nn.Module<Tensor, Tensor>? dropout;
    private readonly Linear classifier;
    private readonly bool image;

    public RnnModel(ModelConfig config, long[] sampleShape, int numClasses) : base(Family)
    {
        image = ModelConfig.IsImage(sampleShape, "rnn");
        var stepFeatures = image ? sampleShape[0] * sampleShape[2] : 1;
        var cell = config.Choice("lstm", Cells, "cell");
        var layers = config.Int(1, 1, "layers");
        var hidden = config.Int(64, 1, "hidden");
        var bidirectional = config.Bool(false, "bidirectional");
        var dropoutRate = config.Double(0, 0, 1, "dropout");
        var betweenLayers = layers > 1 ? dropoutRate : 0;
        if (cell == "lstm") lstm = nn.LSTM(stepFeatures, hidden, layers, batchFirst: true, dropout: betweenLayers, bidirectional: bidirectional);
        else gru = nn.GRU(stepFeatures, hidden, layers, batchFirst: true, dropout: betweenLayers, bidirectional: bidirectional);
        var features = bidirectional ? 2 * hidden : hidden;
        norm = Normalization.Dense(Normalization.Read(config), features);
        dropout = dropoutRate > 0 ? nn.Dropout(dropoutRate) : null;
        classifier = nn.Linear(features, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // [B, C, H, W] -> [B, H, C·W]: one step per image row.
        var steps = image ? input.permute(0, 2, 1, 3).reshape(input.shape[0], input.shape[2], -1) : input.unsqueeze(-1);
        var output = lstm is not null ? lstm.call(steps, null).Item1 : gru!.call(steps, null).Item1;
        var x = output.select(1, -1);
        if (norm is not null) x = norm.call(x);
        if (dropout is not null) x = dropout.call(x);
        return classifier.call(x).MoveToOuterDisposeScope();
    }
}
