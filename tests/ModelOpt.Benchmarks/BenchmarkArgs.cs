using System.Globalization;

namespace ModelOpt.Benchmarks;

/// <summary><c>--key value</c> arguments with typed accessors; an unknown or malformed value is a usage error.</summary>
public sealed class BenchmarkArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchmarkArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unexpected argument '{args[i]}'");
            var key = args[i][2..];
            _values[key] = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
    }

    public string String(string key, string fallback) => _values.GetValueOrDefault(key, fallback);

    public int Int(string key, int fallback) =>
        _values.TryGetValue(key, out var v) ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new UsageException($"--{key} must be an integer, got '{v}'") : fallback;

    public double Double(string key, double fallback) =>
        _values.TryGetValue(key, out var v) ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new UsageException($"--{key} must be a number, got '{v}'") : fallback;

    public bool Flag(string key) => _values.ContainsKey(key);
}

public sealed class UsageException(string message) : Exception(message);
