using System.Collections.Concurrent;
using System.Security.Cryptography;
using ModelOpt.Client.Models;
using ModelOpt.Faults.Checks;
using ModelOpt.Faults.Lab;

namespace ModelOpt.Faults.Nodes;

/// <summary>
/// The nodes of one fault test or soak, with a scratch directory (journal, checkpoints, logs, trial files), the
/// command endpoint's token and a client per coordinator. Disposing kills every node (and its proxy) and, when the run
/// passed, removes the directory; a failed run's directory stays for its logs.
/// </summary>
public sealed class LabCluster : IAsyncDisposable
{
    private readonly List<LabNode> _nodes = [];
    private readonly Dictionary<string, DelayProxy> _proxies = [];
    private readonly Dictionary<string, EndpointClient> _clients = [];
    private readonly ConcurrentDictionary<long, string> _killed = new();

    public LabCluster(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    }

    public string Directory { get; }

    public string Token { get; }

    public string Journal => Path.Combine(Directory, "journal.db");

    public string Logs => Path.Combine(Directory, "logs");

    public IReadOnlyList<LabNode> Nodes => _nodes;

    public LabNode Node(string name) => _nodes.FirstOrDefault(n => n.Name == name) ?? throw new ArgumentException($"no node '{name}'");

    public IEnumerable<LabNode> Coordinators => _nodes.Where(n => n.Spec.IsCoordinator);

    public IEnumerable<LabNode> Workers => _nodes.Where(n => !n.Spec.IsCoordinator);

    /// <summary>Keeps the directory on dispose (a failed run).</summary>
    public bool KeepDirectory { get; set; }

    /// <summary>
    /// Adds a node (not started). Coordinators get the journal, the token and an endpoint client; a node with a
    /// <see cref="NodeSpec.PublicPort"/> gets its <see cref="DelayProxy"/> on its host.
    /// </summary>
    public LabNode Add(NodeSpec spec)
    {
        if (spec.IsCoordinator)
        {
            spec = spec with
            {
                Journal = spec.Journal ?? Journal,
                Environment = new Dictionary<string, string>(spec.Environment) { ["MOPT_TOKEN"] = Token },
            };
        }
        spec = spec with { Checkpoints = spec.Checkpoints ?? Path.Combine(Directory, "checkpoints") };
        var node = new LabNode(spec, Logs);
        _nodes.Add(node);
        if (spec.PublicPort is { } publicPort)
            _proxies[spec.Name] = DelayProxy.Start(new(spec.Address, publicPort), new(spec.Address, spec.Port), spec.Host?.Namespace);
        if (spec.CommandPort is { } commandPort) _clients[spec.Name] = new EndpointClient(spec.Host, spec.Address, commandPort, Token);
        return node;
    }

    /// <summary>The endpoint of the named coordinator (default: the first one).</summary>
    public EndpointClient Endpoint(string? coordinator = null) =>
        _clients[coordinator ?? Coordinators.First(c => _clients.ContainsKey(c.Name)).Name];

    /// <summary>Sets the one-way delay of every node's proxy (each direction of each connection).</summary>
    public void SetLatency(TimeSpan delay)
    {
        foreach (var proxy in _proxies.Values) proxy.Delay = delay;
    }

    public void StartAll()
    {
        foreach (var node in _nodes) node.Start();
    }

    /// <summary>Polls a coordinator's endpoint until <paramref name="until"/> holds for the search; fails with the nodes' logs.</summary>
    public Task<SearchInfo> WaitForSearchAsync(string searchId, Func<SearchInfo, bool> until, TimeSpan timeout, string? coordinator = null) =>
        Endpoint(coordinator).WaitForSearchAsync(searchId, until, timeout, diagnostics: () => Diagnostics());

    /// <summary>Submits, retrying while the cluster forms (no coordinator answers yet).</summary>
    public Task<string> SubmitAsync(string spec, TimeSpan timeout, string? searchId = null) => Endpoint().SubmitWhenReadyAsync(spec, timeout, searchId);

    /// <summary>Waits until the coordinator's dispatcher lists <paramref name="slots"/> slots (workers registered).</summary>
    public async Task WaitForSlotsAsync(int slots, TimeSpan timeout, string? coordinator = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            var workers = await Endpoint(coordinator).TryAsync((c, ct) => c.WorkersAsync(ct));
            seen = workers?.Count ?? seen;
            if (seen >= slots) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{slots} worker slots were not registered within {timeout.TotalSeconds:0} s (last seen {seen})\n" + Diagnostics());
    }

    /// <summary>
    /// Whether the cluster is whole as the coordinator's endpoint shows it: every node a reachable Up member, no other
    /// member, none of them an incarnation that was killed (a restarted node the others have not missed yet would
    /// otherwise look whole at once), and every worker slot registered with the dispatcher.
    /// </summary>
    public async Task<bool> IsWholeAsync(CancellationToken cancellationToken = default) => await WhyNotWholeAsync(cancellationToken) is null;

    /// <summary>What keeps the cluster from being whole (see <see cref="IsWholeAsync"/>), or null when it is.</summary>
    public async Task<string?> WhyNotWholeAsync(CancellationToken cancellationToken = default)
    {
        var view = await Endpoint().TryAsync((c, ct) => c.ClusterAsync(ct), cancellationToken);
        if (view is null) return "the coordinator's endpoint does not answer";
        var expected = _nodes.Select(n => n.Spec.AkkaAddress).ToHashSet(StringComparer.Ordinal);
        var odd = view.Members.Where(m => m.Status != "up" || !m.Reachable || !expected.Contains(m.Address) || _killed.ContainsKey(m.Uid)).ToList();
        var missing = expected.Except(view.Members.Select(m => m.Address)).ToList();
        if (odd.Count > 0 || missing.Count > 0)
            return string.Join("; ", odd.Select(m => $"{m.Address} (uid {m.Uid}) is {m.Status}{(m.Reachable ? "" : ", unreachable")}{(_killed.ContainsKey(m.Uid) ? ", a killed incarnation" : "")}")
                .Concat(missing.Select(a => $"{a} is not a member")));
        var slots = await Endpoint().TryAsync((c, ct) => c.WorkersAsync(ct), cancellationToken);
        var wanted = _nodes.Where(n => n.Spec.IsWorker).Sum(n => n.Spec.Slots);
        return slots is null ? "the dispatcher does not answer"
            : slots.Count != wanted ? $"{slots.Count} of {wanted} slots registered ({string.Join(", ", slots.GroupBy(s => s.Node).Select(g => $"{g.Key}: {g.Count()}"))})"
            : null;
    }

    /// <summary><c>kill -9</c> of the node, noting its incarnation (as the coordinator lists it) so that <see cref="IsWholeAsync"/> can tell it from the restarted one.</summary>
    public async Task KillAsync(LabNode node)
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var view = await Endpoint().TryAsync((c, ct) => c.ClusterAsync(ct), quick.Token);
        if (view?.Members.FirstOrDefault(m => m.Address == node.Spec.AkkaAddress) is { Uid: not 0 } member) _killed[member.Uid] = node.Name;
        node.Kill();
    }

    /// <summary>Waits until <see cref="IsWholeAsync"/>; fails with the nodes' logs.</summary>
    public async Task WaitUntilWholeAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await IsWholeAsync()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"the cluster was not whole within {timeout.TotalSeconds:0} s: {await WhyNotWholeAsync()}\n" + Diagnostics());
    }

    /// <summary>Every node's log tail, for failure messages.</summary>
    public string Diagnostics(int lines = 40) =>
        string.Join("\n", _nodes.Select(n => $"--- {n.Name} (pid {n.Pid?.ToString() ?? "-"}, starts {n.Starts}, {n.LogPath})\n{n.Tail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        foreach (var node in _nodes) node.Dispose();
        foreach (var proxy in _proxies.Values) await proxy.DisposeAsync();
        if (KeepDirectory) return;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a trial process orphaned by a kill may still write there; the temp directory is cleaned up later
        }
    }
}
