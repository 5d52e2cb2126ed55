using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Transfer;

/// <summary>
/// Starts a model from a source checkpoint: loads every parameter except, with a new head, the classifier's (which
/// keeps its fresh initialisation and may have another number of classes), then freezes the first
/// <c>freezeLayers</c> layers (<see cref="LayerGroups"/>) by turning off their gradients; the optimizer skips
/// parameters without gradients, so they keep the source's values exactly.
/// </summary>
public static class TransferInitializer
{
    /// <summary>Returns the frozen parameter names.</summary>
    public static IReadOnlyList<string> Apply(nn.Module<Tensor, Tensor> model, string checkpoint, bool newHead, int freezeLayers)
    {
        var layers = LayerGroups.Of(model);
        if (freezeLayers > layers.Freezable)
            throw ConfigValues.Bad(TransferSettings.FreezeKey, freezeLayers.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"at most {layers.Freezable}: the {model.GetName()} model has {layers.Freezable} layers below its head");
        var skip = newHead ? layers.Head.ToList() : [];
        var loaded = new Dictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            model.load(Path.Combine(checkpoint, "model.bin"), strict: !newHead, skip: skip, loadedParameters: loaded);
        }
        catch (Exception e) when (e is not TrialFailedException)
        {
            throw new TrialFailedException(FailureKind.BadConfig, $"workload.transfer.from: cannot load '{checkpoint}' into this model: {e.Message}", e);
        }
        var missing = model.state_dict().Keys.Where(k => !skip.Contains(k) && !loaded.GetValueOrDefault(k)).ToList();
        if (missing.Count > 0)
            throw new TrialFailedException(FailureKind.BadConfig, $"workload.transfer.from: '{checkpoint}' has no values for {string.Join(", ", missing)}; the architectures differ");
        var frozen = layers.Layers.Take(freezeLayers).SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, p) in model.named_parameters())
            if (frozen.Contains(name)) p.requires_grad = false;
        return [.. frozen];
    }

    /// <summary>The source's saved configuration under the trial's own keys: the architecture comes from the source.</summary>
    public static Search.Spaces.Config ModelConfig(string checkpoint, Search.Spaces.Config trialConfig)
    {
        var source = CheckpointStore.ConfigFromInfo(CheckpointStore.ReadInfo(checkpoint));
        var merged = source.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (key, value) in trialConfig) merged[key] = value;
        return new Search.Spaces.Config(merged);
    }
}
