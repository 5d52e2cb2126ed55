using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Collects every problem found while reading a spec. An error recorded without a node is placed at the
/// nearest node whose path is known (its own, else its parent's), so errors reported by algorithm and workload
/// factories, which only know paths, still carry a line and column.
/// </summary>
internal sealed class SpecErrorList
{
    private readonly List<SpecError> _errors = new();
    private readonly Dictionary<string, YamlNode> _nodesByPath = new(StringComparer.Ordinal);

    public int Count => _errors.Count;

    /// <summary>True while reading a spec that was accepted earlier (<see cref="SpecParser.ParseAccepted"/>).</summary>
    public bool ReadingAccepted { get; init; }

    /// <summary>Remembers the node at every path under <paramref name="node"/>, for locating errors by path.</summary>
    public void IndexPaths(string path, YamlNode node)
    {
        _nodesByPath[path] = node;
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                    IndexPaths(SpecPath.Child(path, YamlValues.KeyText(key)), value);
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    IndexPaths($"{path}[{i}]", sequence.Children[i]);
                break;
        }
    }

    public void Add(string path, string message, YamlNode? at = null)
    {
        at ??= Locate(path);
        var error = at is null
            ? new SpecError(path, message)
            : new SpecError(path, message, (int)at.Start.Line, (int)at.Start.Column);
        // A check that runs once per expanded list element would otherwise repeat the same problem.
        if (!_errors.Contains(error)) _errors.Add(error);
    }

    /// <summary>
    /// A problem that rejects a new spec but not one accepted earlier: input limits, and rules added after specs were
    /// accepted without them. Reading an accepted spec ignores it, so the value it concerns is still read and a
    /// journal written before the rule keeps recovering.
    /// </summary>
    public void AddOnSubmission(string path, string message, YamlNode? at = null)
    {
        if (!ReadingAccepted) Add(path, message, at);
    }

    public void AddRange(IEnumerable<SpecError> errors)
    {
        foreach (var e in errors)
        {
            if (e.Line is not null) _errors.Add(e);
            else Add(e.Path, e.Message);
        }
    }

    /// <summary>All errors in the order they appear in the document (errors without a position last).</summary>
    public IReadOnlyList<SpecError> InDocumentOrder() =>
        _errors.OrderBy(e => e.Line ?? int.MaxValue).ThenBy(e => e.Column ?? 0).ToList();

    private YamlNode? Locate(string path)
    {
        while (true)
        {
            if (_nodesByPath.TryGetValue(path, out var node)) return node;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0) return _nodesByPath.GetValueOrDefault("");
            path = path[..cut];
        }
    }
}

internal static class SpecPath
{
    public static string Child(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";
}
