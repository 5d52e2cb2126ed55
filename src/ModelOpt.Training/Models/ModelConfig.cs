using System.Globalization;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Models;

/// <summary>
/// Reads a model family's keys from a trial configuration: <c>F.key</c> or <c>F_key</c> first, then the plain
/// <c>key</c>, so one space can search over several families (<c>cnn_depth</c>, <c>mlp_layers[0].units</c>) and a
/// single-family space can stay short (<c>depth</c>, <c>layers[0].units</c>). Spec parameter names cannot hold '.',
/// so spaces write <c>F_key</c>; configurations built in code may use either. Every bad value is a
/// <see cref="FailureKind.BadConfig"/> failure naming the key that holds it. An empty family reads plain keys only.
/// </summary>
public sealed class ModelConfig(Config config, string family)
{
    public string Family { get; } = family;

    /// <summary>The configuration key that supplies <paramref name="key"/> for this family, or null when none does.</summary>
    public string? Find(string key)
    {
        if (Family.Length > 0)
            foreach (var prefixed in new[] { $"{Family}.{key}", $"{Family}_{key}" })
                if (config.ContainsKey(prefixed)) return prefixed;
        return config.ContainsKey(key) ? key : null;
    }

    /// <summary>An integer of at least <paramref name="min"/>; the first key of <paramref name="keys"/> that is set wins.</summary>
    public long Int(long fallback, long min, params string[] keys)
    {
        var (key, value) = Lookup(keys);
        if (key is null) return fallback;
        if (!value.IsNumeric || value.AsDouble() != Math.Floor(value.AsDouble()))
            throw Bad(key, $"'{value}' is not a whole number");
        var number = value.AsInt();
        if (number < min) throw Bad(key, $"{number} must be at least {min}");
        return number;
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>); the first key set wins.</summary>
    public double Double(double fallback, double min, double max, params string[] keys)
    {
        var (key, value) = Lookup(keys);
        if (key is null) return fallback;
        if (!value.IsNumeric) throw Bad(key, $"'{value}' is not a number");
        var number = value.AsDouble();
        if (!(number >= min && number < max))
            throw Bad(key, $"{number.ToString(CultureInfo.InvariantCulture)} must be in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)})");
        return number;
    }

    /// <summary>One of <paramref name="allowed"/>; the first key set wins.</summary>
    public string Choice(string fallback, IReadOnlyCollection<string> allowed, params string[] keys)
    {
        var (key, value) = Lookup(keys);
        if (key is null) return fallback;
        var text = value.AsString();
        return allowed.Contains(text) ? text : throw Bad(key, $"'{text}' is not one of {string.Join(", ", allowed)}");
    }

    public bool Bool(bool fallback, string key)
    {
        var (found, value) = Lookup([key]);
        if (found is null) return fallback;
        return value.Kind == ValueKind.Bool ? value.AsBool() : throw Bad(found, $"'{value}' is not true or false");
    }

    /// <summary>The failure for a value that cannot build a model, e.g. a kernel larger than its input.</summary>
    public static TrialFailedException Bad(string key, string problem) => new(FailureKind.BadConfig, $"{key}: {problem}");

    /// <summary>Whether a sample is an image [C, H, W] (true) or a tabular row [F] (false); anything else is a bad config.</summary>
    public static bool IsImage(long[] sampleShape, string family) => sampleShape.Length switch
    {
        3 => true,
        1 => false,
        _ => throw Bad("family", $"{family} needs image [C, H, W] or tabular [F] input, not [{string.Join(", ", sampleShape)}]"),
    };

    /// <summary>The key that supplies a value read from <paramref name="keys"/> (the first when none is set), for messages about values that only fail in combination.</summary>
    public string KeyFor(params string[] keys) => Lookup(keys).Key ?? keys[0];

    private (string? Key, ParameterValue Value) Lookup(string[] keys)
    {
        foreach (var key in keys)
            if (Find(key) is { } found) return (found, config[found]);
        return (null, default);
    }
}
