using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>
/// A model that is a plain chain of layers, registered as children "0", "1", ... in order, so tools that walk a
/// model's children (FLOP counters, summaries) see every layer. Subclasses build the list in their constructor.
/// </summary>
public abstract class LayerChain : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = [];

    protected LayerChain(string name) : base(name) { }

    protected void Add(nn.Module<Tensor, Tensor>? layer)
    {
        if (layer is null) return;
        register_module(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers) x = layer.call(x);
        return x;
    }
}
