using System.Text.Json;
using ModelOpt.Search.Spaces;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Checkpoints;

/// <summary>
/// A trial's checkpoints on disk: <c>&lt;dir&gt;/best</c> and <c>&lt;dir&gt;/last</c>, each holding the weights
/// (<c>model.bin</c>, TorchSharp state dict), the optimizer state (<c>optimizer.bin</c>) and <c>checkpoint.json</c>.
/// A checkpoint is written into a temporary folder and then renamed over the old one, so a crash mid-write leaves
/// the previous checkpoint intact.
/// </summary>
public static class CheckpointStore
{
    public const string Best = "best";
    public const string Last = "last";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string InfoFile = "checkpoint.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Save(string trialDirectory, string name, nn.Module model, OptimizerHelper? optimizer, CheckpointInfo info)
    {
        Directory.CreateDirectory(trialDirectory);
        var target = Path.Combine(trialDirectory, name);
        var staging = Path.Combine(trialDirectory, $".{name}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        model.save(Path.Combine(staging, ModelFile));
        optimizer?.save_state_dict(Path.Combine(staging, OptimizerFile));
        File.WriteAllText(Path.Combine(staging, InfoFile), JsonSerializer.Serialize(info, Json));
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.Move(staging, target);
        return target;
    }

    /// <summary>
    /// The checkpoint folder a path names: the folder itself when it holds a checkpoint, else its <c>last</c>
    /// checkpoint (a trial directory given for resume). Throws <see cref="FileNotFoundException"/> otherwise.
    /// </summary>
    public static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, InfoFile))) return path;
        var last = Path.Combine(path, Last);
        if (File.Exists(Path.Combine(last, InfoFile))) return last;
        throw new FileNotFoundException($"no checkpoint at '{path}' (expected {InfoFile} there or in its '{Last}' folder)");
    }

    public static CheckpointInfo ReadInfo(string checkpoint)
    {
        var file = Path.Combine(Resolve(checkpoint), InfoFile);
        var info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(file), Json)
                   ?? throw new InvalidDataException($"{file}: empty checkpoint description");
        return info with { Config = info.Config.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)) };
    }

    /// <summary>Loads the weights into <paramref name="model"/> (shapes must match).</summary>
    public static void LoadWeights(string checkpoint, nn.Module model) =>
        model.load(Path.Combine(Resolve(checkpoint), ModelFile));

    /// <summary>Loads the optimizer state when the checkpoint has one of the same optimizer kind; returns whether it did.</summary>
    public static bool TryLoadOptimizer(string checkpoint, OptimizerHelper optimizer, string optimizerName)
    {
        var folder = Resolve(checkpoint);
        var file = Path.Combine(folder, OptimizerFile);
        if (!File.Exists(file) || ReadInfo(folder).Optimizer != optimizerName) return false;
        optimizer.load_state_dict(file);
        return true;
    }

    public static IReadOnlyDictionary<string, object> ConfigToJson(Config config) =>
        config.ToDictionary(kv => kv.Key, kv => kv.Value.ToObject(), StringComparer.Ordinal);

    /// <summary>The saved configuration as a <see cref="Config"/> again (numbers, strings, booleans).</summary>
    public static Config ConfigFromInfo(CheckpointInfo info) =>
        new(info.Config.Select(kv => KeyValuePair.Create(kv.Key, ParameterValue.FromObject(kv.Value))));

    private static object Plain(object value) => value is not JsonElement e ? value : e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when e.TryGetInt64(out var l) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase) => l,
        JsonValueKind.Number => e.GetDouble(),
        _ => e.GetRawText(),
    };
}
