namespace ModelOpt.Node;

/// <summary>
/// Cluster formation through Akka.Management cluster bootstrap instead of seed nodes. <see cref="Method"/>
/// <c>kubernetes</c> lists the pods matching <see cref="LabelSelector"/> in <see cref="Namespace"/> through the Kubernetes
/// API; <c>config</c> uses the fixed <see cref="Endpoints"/> (management <c>host:port</c> of every node; for tests and
/// static setups). Bootstrap probes the contact points' management ports and forms a new cluster only after it has seen
/// <see cref="RequiredContactPoints"/> of them.
/// </summary>
public sealed record DiscoveryOptions
{
    public const string Kubernetes = "kubernetes";
    public const string Config = "config";

    public required string Method { get; init; }
    public string ServiceName { get; init; } = "modelopt-node";
    public string PortName { get; init; } = "management";
    public string? LabelSelector { get; init; }
    public string? Namespace { get; init; }
    public IReadOnlyList<string> Endpoints { get; init; } = [];
    public int RequiredContactPoints { get; init; } = 2;

    /// <summary>
    /// Reads <c>--discovery</c> (MOPT_DISCOVERY), <c>--discovery-service-name</c>, <c>--discovery-port-name</c>,
    /// <c>--discovery-label-selector</c>, <c>--discovery-namespace</c>, <c>--discovery-endpoints</c> and
    /// <c>--required-contact-points</c> (MOPT_DISCOVERY_SERVICE_NAME, … MOPT_REQUIRED_CONTACT_POINTS); null when no
    /// method is given.
    /// </summary>
    internal static DiscoveryOptions? Read(Func<string, string, string?> get)
    {
        var method = get("discovery", "Discovery");
        if (string.IsNullOrWhiteSpace(method)) return null;
        if (method is not (Kubernetes or Config))
            throw new ArgumentException($"--discovery: unknown method '{method}'; use {Kubernetes} or {Config}");
        var defaults = new DiscoveryOptions { Method = method };
        var options = defaults with
        {
            ServiceName = get("discovery-service-name", "DiscoveryServiceName") ?? defaults.ServiceName,
            PortName = get("discovery-port-name", "DiscoveryPortName") ?? defaults.PortName,
            LabelSelector = get("discovery-label-selector", "DiscoveryLabelSelector"),
            Namespace = get("discovery-namespace", "DiscoveryNamespace"),
            Endpoints = NodeOptions.List(get("discovery-endpoints", "DiscoveryEndpoints")) ?? [],
            RequiredContactPoints = NodeOptions.Int(get("required-contact-points", "RequiredContactPoints"), "--required-contact-points", 1, 1000)
                                    ?? defaults.RequiredContactPoints,
        };
        if (method == Config && options.Endpoints.Count == 0)
            throw new ArgumentException("--discovery-endpoints: the config method needs the management host:port of every node");
        return options;
    }
}
