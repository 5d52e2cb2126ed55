using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Transfer;

/// <summary>
/// A model's parameters cut into layers, input first, for freezing: each weight-carrying layer (a linear or
/// convolution of a chain, one recurrent layer of a stack, a transformer's embedding or one of its blocks) with the
/// normalisations and loose parameters (a positional embedding) that follow it before the next one. The last layer
/// is the classifier head. An mlp of depth d has d layers below its head; a cnn its blocks plus the dense layer
/// (when <c>headUnits</c> &gt; 0); an rnn one per stacked layer; a transformer the embedding plus its blocks.
/// </summary>
public sealed partial class LayerGroups
{
    private LayerGroups(IReadOnlyList<IReadOnlyList<string>> layers) => Layers = layers;

    /// <summary>Parameter names per layer, in order; the last entry is the head.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Layers { get; }

    public IReadOnlyList<string> Head => Layers[^1];

    /// <summary>Layers below the head, i.e. the most that can be frozen.</summary>
    public int Freezable => Layers.Count - 1;

    public static LayerGroups Of(nn.Module model)
    {
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        var layers = new List<List<string>>();
        var leading = new List<string>();
        string? current = null;
        foreach (var (name, _) in model.named_parameters())
        {
            var owner = name.Contains('.') ? name[..name.LastIndexOf('.')] : "";
            // A module's own parameters (a transformer's positions) come before its children's: they join the first layer.
            if (owner.Length == 0 && layers.Count == 0)
            {
                leading.Add(name);
                continue;
            }
            var unit = Unit(name);
            var joinsPrevious = layers.Count > 0 && (owner.Length == 0 || IsNorm(modules.GetValueOrDefault(unit)));
            if (unit != current && !joinsPrevious)
            {
                layers.Add(layers.Count == 0 ? [.. leading] : []);
                current = unit;
            }
            layers[^1].Add(name);
        }
        return new LayerGroups(layers);
    }

    /// <summary>
    /// The layer a parameter belongs to: its top-level child (<c>3</c> in <c>3.weight</c>), one level deeper inside
    /// a module list (<c>blocks.1</c>), and per stacked recurrent layer (<c>lstm.l1</c> for <c>weight_ih_l1</c>).
    /// </summary>
    private static string Unit(string name)
    {
        var parts = name.Split('.');
        var unit = parts.Length > 2 && int.TryParse(parts[1], out _) ? $"{parts[0]}.{parts[1]}" : parts[0];
        return RecurrentLayer().Match(parts[^1]) is { Success: true } m ? $"{unit}.l{m.Groups[1].Value}" : unit;
    }

    public static bool IsNorm(nn.Module? module) => module?.GetType().Name.Contains("Norm", StringComparison.Ordinal) == true;

    [GeneratedRegex(@"_l(\d+)(_reverse)?$")]
    private static partial Regex RecurrentLayer();
}
