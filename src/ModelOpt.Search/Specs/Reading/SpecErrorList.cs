using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Collects every problem found while reading a spec. An error recorded without a node is placed at the
/// nearest node whose path is known (its own, else its parent's), so errors reported by algorithm and workload
/// factories, which only know paths, still carry a line and column. At most <paramref name="maxErrors"/> are kept, so
/// a spec with a problem in each of thousands of values costs no more to report than to read.
/// </summary>
internal sealed class SpecErrorList(int maxErrors = int.MaxValue)
{
    private readonly List<SpecError> _errors = new();
    private readonly HashSet<SpecError> _kept = new();
    private readonly Dictionary<string, YamlNode> _nodesByPath = new(StringComparer.Ordinal);
    private bool _dropped;

    /// <summary>Problems recorded so far, including any past the limit (used to tell whether a section added any).</summary>
    public int Count { get; private set; }

    /// <summary>Whether the spec being read was accepted earlier (a journal's copy), so it is read leniently.</summary>
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
        Keep(error);
    }

    public void AddRange(IEnumerable<SpecError> errors)
    {
        foreach (var e in errors)
        {
            if (e.Line is not null) Keep(e);
            else Add(e.Path, e.Message);
        }
    }

    /// <summary>All errors kept, in the order they appear in the document (errors without a position last).</summary>
    public IReadOnlyList<SpecError> InDocumentOrder()
    {
        var ordered = _errors.OrderBy(e => e.Line ?? int.MaxValue).ThenBy(e => e.Column ?? 0).ToList();
        if (_dropped) ordered.Add(new SpecError("spec", $"more problems than the {maxErrors} listed; fix these and validate again"));
        return ordered;
    }

    private void Keep(SpecError error)
    {
        // A check that runs once per expanded list element would otherwise repeat the same problem.
        if (_kept.Contains(error)) return;
        Count++;
        if (_errors.Count >= maxErrors) { _dropped = true; return; }
        _kept.Add(error);
        _errors.Add(error);
    }

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
