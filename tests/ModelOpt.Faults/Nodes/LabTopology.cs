using ModelOpt.Faults.Lab;

namespace ModelOpt.Faults.Nodes;

/// <summary>
/// The shipped topology on lab hosts: one coordinator (host <c>coord</c>) and workers <c>w1</c>…<c>wN</c>, every node a
/// seed with the coordinator first (as deploy/local-cluster.sh and compose run it). Each node binds
/// <see cref="Ports.Remoting"/> on its own address and advertises <see cref="Ports.Public"/>, where its
/// <see cref="DelayProxy"/> listens, so latency can be added to any link. Ports repeat across hosts: each host is a
/// namespace of its own.
/// </summary>
public static class LabTopology
{
    public const string Coordinator = "coord";

    public static string Worker(int i) => $"w{i}";

    public static LabCluster Create(NetworkLab lab, string directory, int workers, LabTopologyOptions? options = null)
    {
        options ??= new LabTopologyOptions();
        var names = new[] { Coordinator }.Concat(Enumerable.Range(1, workers).Select(Worker)).ToList();
        var hosts = names.Select(lab.AddHost).ToList();
        var seeds = hosts.Select(h => $"akka.tcp://modelopt@{h.Address}:{options.Ports.Public}").ToList();
        var cluster = new LabCluster(directory);
        foreach (var (name, host) in names.Zip(hosts))
        {
            var coordinator = name == Coordinator;
            cluster.Add(options.Adjust(new NodeSpec(name, coordinator ? options.CoordinatorRoles : "worker")
            {
                Host = host,
                Port = options.Ports.Remoting,
                PublicPort = options.Ports.Public,
                CommandPort = coordinator ? options.Ports.Command : null,
                ManagementPort = options.Ports.Management,
                Seeds = seeds,
                Slots = options.Slots,
                DownAfter = options.DownAfter,
            }));
        }
        return cluster;
    }
}

/// <param name="Remoting">Where each node's remoting binds.</param>
/// <param name="Public">Where each node's delay proxy listens; the address other nodes use.</param>
/// <param name="Command">The coordinator's command endpoint.</param>
/// <param name="Management">Each node's Akka.Management port (<c>/health/ready</c>: this node is an Up member).</param>
public sealed record LabPorts(int Remoting = 20053, int Public = 20054, int Command = 20110, int Management = 20055);

/// <summary>
/// <see cref="DownAfter"/> null keeps the product's default. <see cref="Adjust"/> changes each node's spec last (another
/// engineer's options: TLS files, a different journal).
/// </summary>
public sealed record LabTopologyOptions
{
    public LabPorts Ports { get; init; } = new();
    public int Slots { get; init; } = 1;
    public TimeSpan? DownAfter { get; init; }
    public string CoordinatorRoles { get; init; } = "coordinator";
    public Func<NodeSpec, NodeSpec> Adjust { get; init; } = spec => spec;
}
