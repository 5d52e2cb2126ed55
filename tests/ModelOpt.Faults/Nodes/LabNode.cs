using System.Diagnostics;
using ModelOpt.Faults.Lab;

namespace ModelOpt.Faults.Nodes;

/// <summary>
/// A <c>ModelOpt.Node</c> process started from <see cref="NodeSpec"/> on its lab host. <see cref="Kill"/> is
/// <c>kill -9</c> of the node alone (its trial processes are orphaned, as on a real host); <see cref="Start"/> after it
/// is a restart with the same settings and journal. Output of every incarnation goes to one log file.
/// </summary>
public sealed class LabNode : IDisposable
{
    private readonly object _gate = new();
    private readonly object _logGate = new();
    private Process? _process;
    private StreamWriter? _log;

    public LabNode(NodeSpec spec, string logDirectory)
    {
        Spec = spec;
        Directory.CreateDirectory(logDirectory);
        LogPath = Path.Combine(logDirectory, $"{spec.Name}.log");
    }

    public NodeSpec Spec { get; }

    public string Name => Spec.Name;

    public string LogPath { get; }

    /// <summary>The running incarnation's process id, or null.</summary>
    public int? Pid
    {
        get
        {
            lock (_gate) return _process is { HasExited: false } p ? p.Id : null;
        }
    }

    public bool IsRunning => Pid is not null;

    /// <summary>How many times it was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The ModelOpt.Node build beside this assembly (every project referencing ModelOpt.Faults gets a copy).</summary>
    public static string NodeDll => Path.Combine(AppContext.BaseDirectory, "ModelOpt.Node.dll");

    public LabNode Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false }) throw new InvalidOperationException($"{Name} runs already (pid {_process.Id})");
            _process?.Dispose();
            var info = NetworkLab.StartInfo(Spec.Host, "dotnet", [NodeDll, .. Spec.CommandLine()]);
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            info.RedirectStandardInput = true;
            foreach (var (name, value) in Spec.Environment) info.Environment[name] = value;
            // The node must not inherit this process's settings (a test run's MOPT_* or OTEL_* variables).
            foreach (var name in info.Environment.Keys.Where(k => (k.StartsWith("MOPT_") || k.StartsWith("OTEL_")) && !Spec.Environment.ContainsKey(k)).ToList())
                info.Environment.Remove(name);
            lock (_logGate) _log ??= new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            Starts++;
            Write($"=== start {Starts}: dotnet ModelOpt.Node.dll {string.Join(' ', Spec.CommandLine())} ({DateTimeOffset.UtcNow:O})");
            var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Name}");
            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            return this;
        }
    }

    /// <summary><c>kill -9</c>: no shutdown, no goodbye to the cluster. Returns once the process is gone.</summary>
    public void Kill() => Signal(Signals.Kill, TimeSpan.FromSeconds(30));

    /// <summary><c>kill -TERM</c>: the node leaves the cluster and stops; SIGKILL after <paramref name="grace"/>.</summary>
    public void Stop(TimeSpan grace)
    {
        Signal(Signals.Terminate, grace);
        if (IsRunning) Kill();
    }

    /// <summary>The exit code of the last incarnation, once it ended.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_gate) return _process is { HasExited: true } p ? p.ExitCode : null;
        }
    }

    /// <summary>The log's last lines, for failure messages.</summary>
    public string Tail(int lines = 60)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(no log: {e.Message})";
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } p) p.Kill(entireProcessTree: true);
            _process?.WaitForExit(10_000);
            _process?.Dispose();
            _process = null;
        }
        lock (_logGate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Signal(int signal, TimeSpan wait)
    {
        Process? process;
        lock (_gate) process = _process;
        if (process is null || process.HasExited) return;
        Write($"=== signal {signal} ({DateTimeOffset.UtcNow:O})");
        Signals.Send(process.Id, signal);
        process.WaitForExit(wait);
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_logGate) _log?.WriteLine(line);
    }
}
