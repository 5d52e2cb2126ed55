using YamlDotNet.RepresentationModel;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>The objects that <c>kubectl kustomize k8s/overlays/&lt;name&gt;</c> renders, with lookups the tests share.</summary>
internal sealed class RenderedOverlay
{
    private static readonly Dictionary<string, Lazy<RenderedOverlay>> Cache = new()
    {
        ["cpu"] = new(() => Render("cpu")),
        ["gpu"] = new(() => Render("gpu")),
    };

    private RenderedOverlay(string name, IReadOnlyList<YamlMappingNode> objects)
    {
        Name = name;
        Objects = objects;
    }

    public string Name { get; }
    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static RenderedOverlay Get(string name) => Cache[name].Value;

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => o.Text("kind") == kind);

    public YamlMappingNode Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => o.At("metadata").Text("name") == name)
        ?? throw new KeyNotFoundException($"overlay {Name}: no {kind} named {name}");

    /// <summary>StatefulSets and Deployments: the objects that own pod templates.</summary>
    public IEnumerable<YamlMappingNode> Workloads => Objects.Where(o => o.Text("kind") is "StatefulSet" or "Deployment");

    public static YamlMappingNode PodSpec(YamlMappingNode workload) => workload.At("spec", "template", "spec");

    public static IReadOnlyDictionary<string, string> PodLabels(YamlMappingNode workload) =>
        workload.At("spec", "template", "metadata").Map("labels").Strings();

    public static YamlMappingNode Container(YamlMappingNode workload, string name = "node") =>
        PodSpec(workload).Maps("containers").Single(c => c.Text("name") == name);

    /// <summary>Container port name → number.</summary>
    public static IReadOnlyDictionary<string, int> Ports(YamlMappingNode container) =>
        container.Maps("ports").ToDictionary(p => p.Text("name") ?? "", p => int.Parse(p.Text("containerPort") ?? "0"));

    /// <summary>
    /// The container's environment as the pod would see it: ConfigMaps named by envFrom first, then env entries
    /// (a valueFrom entry shows as <c>valueFrom</c>, since its value exists only in the running pod).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(YamlMappingNode container)
    {
        var environment = new Dictionary<string, string>();
        foreach (var source in container.Maps("envFrom"))
            if (source.Map("configMapRef")?.Text("name") is { } configMap)
                foreach (var (key, value) in Single("ConfigMap", configMap).Map("data").Strings())
                    environment[key] = value;
        foreach (var variable in container.Maps("env"))
            environment[variable.Text("name") ?? ""] = variable.Get("valueFrom") is null ? variable.Text("value") ?? "" : "valueFrom";
        return environment;
    }

    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static RenderedOverlay Render(string name) =>
        new(name, YamlNodes.LoadAll(Kubectl.Kustomize(RepositoryPaths.Of("k8s", "overlays", name))));
}
