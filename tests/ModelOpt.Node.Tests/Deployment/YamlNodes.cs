using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>Reading helpers over YamlDotNet's representation model; a missing required key names its path.</summary>
internal static class YamlNodes
{
    /// <summary>Every document of a multi-document stream, with merge keys (<c>&lt;&lt;: *anchor</c>) applied.</summary>
    public static IReadOnlyList<YamlMappingNode> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>().ToList();
    }

    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Text(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static YamlMappingNode? Map(this YamlMappingNode node, string key) => node.Get(key) as YamlMappingNode;

    public static IEnumerable<YamlMappingNode> Maps(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    public static IEnumerable<string> Texts(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(scalar => scalar.Value ?? "") ?? [];

    /// <summary>The mapping at <paramref name="keys"/>, or an assertion-style failure naming the missing path.</summary>
    public static YamlMappingNode At(this YamlMappingNode node, params string[] keys)
    {
        var current = node;
        for (var i = 0; i < keys.Length; i++)
            current = current.Map(keys[i]) ?? throw new KeyNotFoundException($"no mapping at {string.Join('.', keys[..(i + 1)])}");
        return current;
    }

    public static IReadOnlyDictionary<string, string> Strings(this YamlMappingNode? node) =>
        node?.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => (pair.Value as YamlScalarNode)?.Value ?? "")
        ?? new Dictionary<string, string>();
}
