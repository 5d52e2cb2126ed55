using System.Diagnostics;
using System.Text;

namespace ModelOpt.Node.Tests.Support;

/// <summary>A <c>ModelOpt.Node</c> process started from the test's output directory; killed (with its children) on dispose.</summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process) => _process = process;

    public int Port { get; private init; }

    public string Log
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="extraArguments">Further switches (<c>--tls-dir</c>, <c>--command-port</c>, ...).</param>
    /// <param name="environment">Variables set for this node on top of the test process's own.</param>
    public static NodeProcess Start(string roles, int port, IEnumerable<int> seedPorts, int slots = 1, string? journal = null,
        IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var arguments = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "ModelOpt.Node.dll"),
            "--roles", roles, "--port", port.ToString(), "--slots", slots.ToString(), "--down-after", "1",
            "--seed-nodes", string.Join(",", seedPorts.Select(Address)),
        };
        if (journal is not null) arguments.AddRange(["--journal", journal]);
        arguments.AddRange(extraArguments ?? []);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(info.ArgumentList.Add);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ModelOpt.Node");
        var node = new NodeProcess(process) { Port = port };
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public static string Address(int port) => $"akka.tcp://modelopt@127.0.0.1:{port}";

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
