using System.Globalization;
using System.Net;
using ModelOpt.Faults.Lab;

namespace ModelOpt.Faults.Nodes;

/// <summary>
/// How to start one <c>ModelOpt.Node</c>: on which lab host (null: this machine's loopback), its roles, ports, seeds,
/// slots and journal. With <see cref="PublicPort"/> the node advertises that port, where a <see cref="DelayProxy"/>
/// forwards to <see cref="Port"/>. <see cref="Environment"/> and <see cref="Arguments"/> add anything else (another
/// engineer's options, a rogue node's settings). With <see cref="TlsDirectory"/> the node talks mutual TLS
/// (<c>--tls-dir</c>) and its address is <c>akka.ssl.tcp://</c>.
/// </summary>
public sealed record NodeSpec(string Name, string Roles)
{
    public LabHost? Host { get; init; }
    public int Port { get; init; }
    public int? PublicPort { get; init; }
    public int? CommandPort { get; init; }
    public int? ManagementPort { get; init; }
    public IReadOnlyList<string> Seeds { get; init; } = [];
    public int Slots { get; init; } = 1;
    public string? Journal { get; init; }
    public string? Checkpoints { get; init; }
    public TimeSpan? DownAfter { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public string? TlsDirectory { get; init; }

    public IPAddress Address => Host?.Address ?? IPAddress.Loopback;

    /// <summary>Where other nodes reach it: the proxy's port when there is one.</summary>
    public string AkkaAddress => $"{(TlsDirectory is null ? "akka.tcp" : "akka.ssl.tcp")}://modelopt@{Address}:{PublicPort ?? Port}";

    public bool IsCoordinator => Roles.Split(',').Contains("coordinator");

    public bool IsWorker => Roles.Split(',').Contains("worker");

    public IReadOnlyList<string> CommandLine()
    {
        string S(int value) => value.ToString(CultureInfo.InvariantCulture);
        var args = new List<string> { "--roles", Roles, "--hostname", Address.ToString(), "--port", S(Port), "--slots", S(Slots) };
        if (PublicPort is { } publicPort) args.AddRange(["--public-port", S(publicPort)]);
        if (Seeds.Count > 0) args.AddRange(["--seed-nodes", string.Join(",", Seeds)]);
        if (Journal is not null) args.AddRange(["--journal", Journal]);
        if (Checkpoints is not null) args.AddRange(["--checkpoints", Checkpoints]);
        if (DownAfter is { } downAfter) args.AddRange(["--down-after", S((int)Math.Ceiling(downAfter.TotalSeconds))]);
        if (CommandPort is { } commandPort) args.AddRange(["--command-port", S(commandPort), "--command-bind", Address.ToString()]);
        if (ManagementPort is { } managementPort) args.AddRange(["--management-port", S(managementPort)]);
        if (TlsDirectory is not null) args.AddRange(["--tls-dir", TlsDirectory]);
        args.AddRange(Arguments);
        return args;
    }
}
