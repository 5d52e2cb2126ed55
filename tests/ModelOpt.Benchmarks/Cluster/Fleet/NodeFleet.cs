using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Faults.Lab;
using ModelOpt.Node.Commands;

namespace ModelOpt.Benchmarks.Cluster.Fleet;

/// <summary>
/// Real <c>ModelOpt.Node</c> processes on loopback for the multi-process benchmarks: coordinators (remoting on
/// <c>basePort + i</c>, the command endpoint on <c>basePort + 100 + i</c>) and workers (remoting on <c>basePort + 200 + i</c>),
/// every node seeded with the first coordinator, logs in a scratch directory. Every process is killed on dispose.
/// Given a <see cref="NetworkLab"/>, each node runs on a network host of its own (its namespace and address) instead,
/// and the command endpoint is reached inside the first coordinator's namespace.
/// </summary>
public sealed class NodeFleet : IAsyncDisposable
{
    public const string Token = "fleet-benchmark-token";

    private readonly string _journal;
    private readonly int _basePort;
    private readonly int _snapshotEvery;
    private readonly List<FleetNode> _nodes = [];
    private readonly bool _keep;
    private readonly NetworkLab? _lab;
    private readonly LabHost? _firstCoordinator;

    /// <param name="keepIn">A directory for the logs and scratch files that outlives the run (null: a temporary one, removed).</param>
    /// <param name="lab">Network hosts to put the nodes on (null: loopback).</param>
    public NodeFleet(string journal, int basePort, int snapshotEvery = 1000, string? keepIn = null, NetworkLab? lab = null)
    {
        _journal = journal;
        _basePort = basePort;
        _snapshotEvery = snapshotEvery;
        _keep = keepIn is not null;
        Directory = keepIn is null ? System.IO.Directory.CreateTempSubdirectory("mopt-fleet-").FullName : System.IO.Directory.CreateDirectory(keepIn).FullName;
        _lab = lab;
        _firstCoordinator = lab?.AddHost(HostName(FirstCoordinator));
        Http = NamespacedHttp.Create(_firstCoordinator, new Uri($"http://127.0.0.1:{basePort + 101}"), TimeSpan.FromMinutes(2));
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        // A benchmark stopped with SIGTERM or Ctrl+C leaves no node behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    /// <summary>Logs and scratch files; removed on dispose unless they were to be kept.</summary>
    public string Directory { get; }

    /// <summary>The first coordinator's command endpoint.</summary>
    public HttpClient Http { get; }

    public IReadOnlyList<FleetNode> Nodes => _nodes;

    private const string FirstCoordinator = "coordinator-1";

    /// <summary>A lab host's name for a node (the lab takes at most 12 characters): c-1, w-8.</summary>
    private static string HostName(string node) => node.Replace("coordinator", "c").Replace("worker", "w");

    public FleetNode StartCoordinator(int index) =>
        Start($"coordinator-{index}", _basePort + index, ["--roles", "coordinator", "--command-port", $"{_basePort + 100 + index}", "--command-bind", "127.0.0.1"]);

    public FleetNode StartWorker(int index, int slots) =>
        Start($"worker-{index}", _basePort + 200 + index, ["--roles", "worker", "--slots", $"{slots}", "--gpus", "none"]);

    private FleetNode Start(string name, int port, IEnumerable<string> roleArguments)
    {
        var host = _lab is null ? null : name == FirstCoordinator ? _firstCoordinator : _lab.AddHost(HostName(name));
        var address = host?.Address.ToString() ?? "127.0.0.1";
        var seed = _firstCoordinator?.Address.ToString() ?? "127.0.0.1";
        var info = NetworkLab.StartInfo(host, "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ModelOpt.Node.dll"), .. roleArguments, "--hostname", address, "--port", $"{port}",
             "--seed-nodes", $"akka.tcp://modelopt@{seed}:{_basePort + 1}", "--journal", _journal, "--snapshot-every", $"{_snapshotEvery}",
             "--down-after", "5"]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["MOPT_TOKEN"] = Token;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var node = new FleetNode(name, address, port, Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}"), Path.Combine(Directory, $"{name}.log"));
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until the cluster has every started node up and the dispatcher holds <paramref name="slots"/> slots.</summary>
    public async Task WaitForAsync(int slots, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var view = await Http.GetFromJsonAsync<ClusterInfo>(CommandRoutes.Cluster, CommandJson.Responses);
                var registered = await Http.GetFromJsonAsync<List<WorkerSlot>>(CommandRoutes.Workers, CommandJson.Responses);
                var up = view!.Members.Count(m => m.Status == "up");
                if (up >= _nodes.Count(n => n.IsRunning) && registered!.Count >= slots) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The endpoint is not up yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the fleet did not come up within {timeout}; logs in {Directory}: {string.Join(" | ", _nodes.Select(n => $"{n.Name}: {n.Tail(3)}"))}");
            await Task.Delay(500);
        }
    }

    public ValueTask DisposeAsync()
    {
        KillAll();
        Http.Dispose();
        if (_keep) return ValueTask.CompletedTask;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still held open: it is in the temporary directory anyway.
        }
        return ValueTask.CompletedTask;
    }

    private void KillAll()
    {
        foreach (var node in _nodes.ToList()) node.Kill();
    }
}

/// <summary>One node process: its CPU time and resident memory from /proc, a graceful stop (SIGTERM: it leaves the cluster) or a kill.</summary>
public sealed class FleetNode
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    public FleetNode(string name, string host, int port, Process process, string logPath)
    {
        Name = name;
        Host = host;
        Port = port;
        _process = process;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        LogPath = logPath;
    }

    public string Name { get; }

    /// <summary>The address it listens on: loopback, or its network host's.</summary>
    public string Host { get; }
    public int Port { get; }
    public string LogPath { get; }
    public string Address => $"akka.tcp://modelopt@{Host}:{Port}";
    public bool IsRunning => !_process.HasExited;

    /// <summary>User + system CPU seconds the process has used (0 once it has exited).</summary>
    public double CpuSeconds
    {
        get
        {
            try
            {
                var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    /// <summary>Resident set size in MiB (0 once it has exited).</summary>
    public double RssMb
    {
        get
        {
            try
            {
                var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                return Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0, 1);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                return 0;
            }
        }
    }

    /// <summary>SIGTERM: the host stops and the node leaves the cluster on its own.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", $"{_process.Id}"])?.WaitForExit();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public string Tail(int lines)
    {
        lock (_log)
        {
            _log.Flush();
        }
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join(" / ", reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
    }
}
