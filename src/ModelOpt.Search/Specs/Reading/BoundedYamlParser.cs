using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Passes YAML parsing events through while counting what the document will cost once loaded: how deep lists and
/// mappings nest, and how many nodes it holds with every alias expanded (an alias counts as the whole node it names).
/// It stops at the first event that crosses <see cref="SpecLimits.MaxDepth"/> or <see cref="SpecLimits.MaxNodes"/>,
/// before anything is built from it, so an alias bomb ("billion laughs") or a deeply nested document is refused in
/// time and memory proportional to the text read so far. It also remembers where the last good event ended, for
/// errors YamlDotNet reports without a position.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner, SpecLimits limits, string documentPath) : IParser
{
    // The expanded size of each anchored node seen so far; a later anchor of the same name replaces it, as in YAML.
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    // Lists and mappings still open, outermost first.
    private readonly List<OpenNode> _open = new();
    private long _nodes;

    public Mark? LastGood { get; private set; }

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (inner.Current is { } previous) LastGood = previous.End;
        if (!inner.MoveNext()) return false;
        Count(inner.Current!);
        return true;
    }

    private void Count(ParsingEvent current)
    {
        switch (current)
        {
            case Scalar scalar:
                Add(1, current);
                if (Anchor(scalar.Anchor) is { } name) _anchorSizes[name] = 1;
                break;
            case AnchorAlias alias:
                var target = alias.Value.Value;
                if (_open.Any(o => o.Anchor == target))
                    throw Refuse(current, $"alias *{target} refers to a node that contains it");
                // An unknown anchor is YamlDotNet's to report; count it as one node meanwhile.
                Add(_anchorSizes.GetValueOrDefault(target, 1), current);
                break;
            case NodeEvent node and (SequenceStart or MappingStart):
                if (_open.Count >= limits.MaxDepth)
                    throw Refuse(current, $"lists and mappings nest deeper than {limits.MaxDepth} levels");
                Add(1, current);
                _open.Add(new OpenNode(Anchor(node.Anchor)));
                break;
            case SequenceEnd or MappingEnd:
                var closed = _open[^1];
                _open.RemoveAt(_open.Count - 1);
                if (closed.Anchor is not null) _anchorSizes[closed.Anchor] = closed.Size;
                break;
        }
    }

    /// <summary>Counts <paramref name="size"/> expanded nodes into the document and into every collection still open.</summary>
    private void Add(long size, ParsingEvent at)
    {
        _nodes = Saturating(_nodes, size);
        if (_nodes > limits.MaxNodes)
            throw Refuse(at, $"too large once its aliases are expanded: more than {limits.MaxNodes} nodes; write the values out or use fewer aliases");
        // Only anchored collections need their own size; the others' sizes reach their anchored ancestors through this loop.
        foreach (var open in _open)
            if (open.Anchor is not null) open.Size = Saturating(open.Size, size);
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static string? Anchor(AnchorName name) => name.IsEmpty ? null : name.Value;

    private SpecException Refuse(ParsingEvent at, string message) =>
        new([new SpecError(documentPath, message, (int)at.Start.Line, (int)at.Start.Column)]);

    private sealed class OpenNode(string? anchor)
    {
        public string? Anchor { get; } = anchor;

        /// <summary>The node itself and, once expanded, everything inside it so far.</summary>
        public long Size { get; set; } = 1;
    }
}
