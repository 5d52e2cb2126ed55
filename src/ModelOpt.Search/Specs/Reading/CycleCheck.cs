namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Finds cycles among <c>when</c> conditions and list sizes before lists are expanded, so each cycle is reported
/// once, in the names the user wrote (<c>a -> b -> a</c>, <c>layers.item.kernel</c> for a list item).
/// </summary>
internal sealed class CycleCheck(SpecErrorList errors)
{
    private readonly Dictionary<string, List<string>> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

    /// <summary>Reports each cycle; true if there was any.</summary>
    public bool Run(IReadOnlyList<RawParameter> raws, IReadOnlyDictionary<string, RawParameter> byName)
    {
        foreach (var raw in raws)
        {
            var parents = Edges(raw.Name, raw.Path);
            parents.AddRange(raw.When.Select(c => c.Parent).Where(byName.ContainsKey));
            if (raw.List is not { } list) continue;
            if (list.SizeParameter is { } size && byName.ContainsKey(size)) parents.Add(size);
            foreach (var item in list.Items)
            {
                var itemParents = Edges(ItemNode(raw.Name, item.Name), item.Path);
                itemParents.Add(raw.Name);
                foreach (var c in item.When)
                {
                    if (list.Items.Any(i => i.Name == c.Parent)) itemParents.Add(ItemNode(raw.Name, c.Parent));
                    else if (byName.ContainsKey(c.Parent)) itemParents.Add(c.Parent);
                }
            }
        }

        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = on the current path, true = done
        var found = false;
        var trail = new List<string>();
        void Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
            {
                if (!done)
                {
                    var cycle = trail.Skip(trail.IndexOf(node)).Append(node);
                    errors.Add(_paths[node], $"conditions form a cycle: {string.Join(" -> ", cycle)}");
                    found = true;
                }
                return;
            }
            state[node] = false;
            trail.Add(node);
            foreach (var parent in _parents[node]) Visit(parent);
            trail.RemoveAt(trail.Count - 1);
            state[node] = true;
        }
        foreach (var node in _parents.Keys.ToList()) Visit(node);
        return found;
    }

    private List<string> Edges(string node, string path)
    {
        _paths[node] = path;
        return _parents[node] = new List<string>();
    }

    private static string ItemNode(string list, string item) => $"{list}.item.{item}";
}
