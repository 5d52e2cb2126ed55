using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ModelOpt.Faults.Lab;

/// <summary>
/// Separate network hosts on one machine: each host is a Linux network namespace with its own address on a bridge
/// that lives in a namespace of its own, where nftables rules cut links and drop packets (this kernel has no
/// <c>netem</c>; latency comes from <see cref="DelayProxy"/>). Every name the lab creates starts with
/// <see cref="NetworkLabOptions.Prefix"/>, the owner's process id and a random run id
/// (<c>mft-12345-k3q2-br</c>), so parallel runs never meet and a crashed run's leftovers are found and removed by the
/// next lab (<see cref="RemoveLeftovers"/>). Interfaces are created inside the lab's own namespaces only (the host's
/// namespace gets nothing), so their names cannot clash with anything else on the machine.
/// Disposing kills every process still inside the lab's namespaces and deletes them, also after a failed test.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private const string Table = "lab";
    private readonly List<LabHost> _hosts = [];
    private readonly NetworkLabOptions _options;
    private readonly int _subnet;
    private bool _disposed;

    private NetworkLab(NetworkLabOptions options, string run, int subnet)
    {
        _options = options;
        _subnet = subnet;
        RunId = run;
        BridgeNamespace = $"{options.Prefix}-{Environment.ProcessId}-{run}-br";
    }

    /// <summary>The random part of every name this lab creates.</summary>
    public string RunId { get; }

    /// <summary>The namespace that holds the bridge and the nftables rules.</summary>
    public string BridgeNamespace { get; }

    public IReadOnlyList<LabHost> Hosts => _hosts;

    /// <summary>
    /// Why namespaces cannot be created here (not Linux, not root, <c>ip</c> or <c>nft</c> missing), or null when they
    /// can. Tests skip with this reason; nothing else is a reason to skip.
    /// </summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces need Linux";
        if (!NetworkNamespace.IsRoot) return "creating network namespaces needs root";
        if (!HostCommand.TryRun("ip", ["-V"], out _, out var ipError)) return $"iproute2 is missing ({ipError.Trim()}); scripts/setup.sh installs it";
        if (!HostCommand.TryRun("nft", ["-v"], out _, out var nftError)) return $"nftables is missing ({nftError.Trim()}); scripts/setup.sh installs it";
        return null;
    }

    /// <summary>Creates the bridge namespace with its bridge and an empty rule set; hosts are added with <see cref="AddHost"/>.</summary>
    public static NetworkLab Create(NetworkLabOptions? options = null)
    {
        options ??= new NetworkLabOptions();
        if (Unavailable() is { } reason) throw new InvalidOperationException(reason);
        RemoveLeftovers(options.Prefix);
        var lab = new NetworkLab(options, RunIdOf(Random.Shared), Random.Shared.Next(1, 255));
        try
        {
            var br = lab.BridgeNamespace;
            HostCommand.Run("ip", "netns", "add", br);
            HostCommand.Run("ip", "-n", br, "link", "set", "lo", "up");
            HostCommand.Run("ip", "-n", br, "link", "add", "br0", "type", "bridge");
            HostCommand.Run("ip", "-n", br, "link", "set", "br0", "up");
            lab.Nft("add", "table", "bridge", Table);
            lab.Nft("add", "chain", "bridge", Table, "forward", "{ type filter hook forward priority 0; policy accept; }");
            lab.Nft("add", "chain", "bridge", Table, "cuts");
            lab.Nft("add", "chain", "bridge", Table, "loss");
            lab.Nft("add", "rule", "bridge", Table, "forward", "jump", "cuts");
            lab.Nft("add", "rule", "bridge", Table, "forward", "jump", "loss");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>A new host on the bridge: its own namespace, interface <c>eth0</c> and address <c>S.k.(10+i)</c>.</summary>
    /// <param name="name">Short and unique in this lab (letters, digits, '-'; at most 12 characters).</param>
    public LabHost AddHost(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (name.Length is 0 or > 12 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException($"host name '{name}': 1-12 letters, digits or '-'", nameof(name));
        if (_hosts.Any(h => h.Name == name)) throw new ArgumentException($"host '{name}' exists already", nameof(name));
        var ns = $"{_options.Prefix}-{Environment.ProcessId}-{RunId}-{name}";
        var address = IPAddress.Parse($"{_options.Network}.{_subnet}.{10 + _hosts.Count}");
        var port = $"v-{name}";
        HostCommand.Run("ip", "netns", "add", ns);
        var host = new LabHost(name, ns, address);
        _hosts.Add(host);
        HostCommand.Run("ip", "-n", ns, "link", "set", "lo", "up");
        HostCommand.Run("ip", "-n", BridgeNamespace, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
        HostCommand.Run("ip", "-n", BridgeNamespace, "link", "set", port, "master", "br0", "up");
        HostCommand.Run("ip", "-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
        HostCommand.Run("ip", "-n", ns, "link", "set", "eth0", "up");
        return host;
    }

    public LabHost Host(string name) => _hosts.FirstOrDefault(h => h.Name == name) ?? throw new ArgumentException($"no host '{name}' in this lab");

    /// <summary>Drops every packet between each host of <paramref name="side"/> and each host of <paramref name="other"/>, both ways.</summary>
    public void Partition(IEnumerable<LabHost> side, IEnumerable<LabHost> other)
    {
        var a = Set(side);
        var b = Set(other);
        Nft("add", "rule", "bridge", Table, "cuts", "ip", "saddr", a, "ip", "daddr", b, "drop");
        Nft("add", "rule", "bridge", Table, "cuts", "ip", "saddr", b, "ip", "daddr", a, "drop");
    }

    /// <summary>Cuts one host off from every other.</summary>
    public void Isolate(LabHost host) => Partition([host], _hosts.Where(h => h != host));

    /// <summary>Removes every cut (packet loss stays as set).</summary>
    public void Heal() => Nft("flush", "chain", "bridge", Table, "cuts");

    /// <summary>Drops <paramref name="percent"/> % of the IPv4 packets crossing the bridge, at random (0: none).</summary>
    public void Loss(int percent)
    {
        if (percent is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentage");
        Nft("flush", "chain", "bridge", Table, "loss");
        if (percent == 100) Nft("add", "rule", "bridge", Table, "loss", "meta", "protocol", "ip", "drop");
        else if (percent > 0) Nft("add", "rule", "bridge", Table, "loss", "meta", "protocol", "ip", "numgen", "random", "mod", "100", "<", percent.ToString(CultureInfo.InvariantCulture), "drop");
    }

    /// <summary>The rules now in force, as nft lists them (for logs).</summary>
    public string Rules() => Nft("list", "table", "bridge", Table);

    /// <summary>Starts <paramref name="fileName"/> inside <paramref name="host"/>'s namespace (<c>ip netns exec</c> replaces itself with it, so the process id is the program's).</summary>
    public static ProcessStartInfo StartInfo(LabHost? host, string fileName, IEnumerable<string> arguments)
    {
        var info = host is null ? new ProcessStartInfo(fileName) : new ProcessStartInfo("ip");
        if (host is not null)
        {
            foreach (var a in new[] { "netns", "exec", host.Namespace, fileName }) info.ArgumentList.Add(a);
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.UseShellExecute = false;
        return info;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var ns in _hosts.Select(h => h.Namespace).Append(BridgeNamespace)) Remove(ns);
    }

    /// <summary>Removes namespaces named by <paramref name="prefix"/> whose owning process is gone (a crashed or killed run).</summary>
    public static void RemoveLeftovers(string prefix)
    {
        if (!HostCommand.TryRun("ip", ["netns", "list"], out var list, out _)) return;
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ', 2)[0];
            var parts = name.Split('-');
            if (parts.Length < 4 || parts[0] != prefix || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var owner)) continue;
            if (owner == Environment.ProcessId || Directory.Exists($"/proc/{owner}")) continue;
            Remove(name);
        }
    }

    /// <summary>Kills what still runs inside the namespace (only there), then deletes it.</summary>
    private static void Remove(string ns)
    {
        if (HostCommand.TryRun("ip", ["netns", "pids", ns], out var pids, out _))
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(pid.Trim(), CultureInfo.InvariantCulture, out var id))
                {
                    try
                    {
                        using var process = Process.GetProcessById(id);
                        process.Kill();
                        process.WaitForExit(5000);
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // already gone
                    }
                }
        HostCommand.TryRun("ip", ["netns", "delete", ns], out _, out _);
    }

    private string Nft(params string[] arguments) =>
        HostCommand.Run("ip", ["netns", "exec", BridgeNamespace, "nft", .. arguments]);

    private static string Set(IEnumerable<LabHost> hosts)
    {
        var addresses = hosts.Select(h => h.Address.ToString()).ToList();
        if (addresses.Count == 0) throw new ArgumentException("a side of a partition needs at least one host");
        return addresses.Count == 1 ? addresses[0] : $"{{ {string.Join(", ", addresses)} }}";
    }

    private static string RunIdOf(Random random) =>
        string.Concat(Enumerable.Range(0, 4).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789"[random.Next(36)]));
}

/// <summary>One host of a <see cref="NetworkLab"/>: its namespace and address.</summary>
public sealed record LabHost(string Name, string Namespace, IPAddress Address)
{
    public override string ToString() => $"{Name} ({Address})";
}

/// <param name="Prefix">Starts every namespace name; each engineer's tests use their own.</param>
/// <param name="Network">The first two octets of the lab's addresses (a /16); each lab takes one /24 in it.</param>
public sealed record NetworkLabOptions(string Prefix = "mft", string Network = "10.231");
