using System.Diagnostics;
using System.Text.Json;

namespace ModelOpt.Cli.Run;

/// <summary>
/// A ModelOpt.Node process this <c>mopt</c> owns (<c>mopt run</c>'s node, <c>mopt dashboard --journal</c>'s dashboard):
/// started with <c>--stop-on-stdin-close</c> and <c>--print-ready</c>, so it says on stdout when and where its endpoint
/// listens, and it stops when mopt closes its standard input or dies. Everything else it prints goes to its log file.
/// </summary>
public sealed class LocalNode : IAsyncDisposable
{
    /// <summary>How long a node may take to stop in order (its trials are told to stop) before it is killed.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<Uri?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private bool _closed;

    private LocalNode(Process process, StreamWriter log, string logFile)
    {
        _process = process;
        _log = log;
        LogFile = logFile;
    }

    public string LogFile { get; }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the node's exit code when it ends, asked to or not.</summary>
    public async Task<int> ExitedAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>The last lines the node logged.</summary>
    public IReadOnlyList<string> LastLines => Tail();

    /// <summary>The node's one-time dashboard sign-in link from its ready line; null where it serves no dashboard.</summary>
    public string? DashboardLink { get; private set; }

    /// <summary>Starts the node and waits until it is ready; throws <see cref="CliFailure"/> with its last lines if it ends or hangs first.</summary>
    public static async Task<(LocalNode Node, Uri Endpoint)> StartAsync(ProcessStartInfo start, string logFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliFailure(ExitCodes.Failed, $"could not start {start.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            await log.DisposeAsync();
            throw new CliFailure(ExitCodes.Failed, $"could not start the node {start.FileName}: {e.Message}");
        }
        var node = new LocalNode(process, log, logFile);
        process.OutputDataReceived += (_, e) => node.Line(e.Data, fromStdout: true);
        process.ErrorDataReceived += (_, e) => node.Line(e.Data, fromStdout: false);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => node._ready.TrySetResult(null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var endpoint = await node._ready.Task.WaitAsync(timeout, cancellationToken);
            if (endpoint is null)
            {
                await process.WaitForExitAsync(CancellationToken.None);
                throw new CliFailure(ExitCodes.Failed, $"the node stopped while starting (exit {process.ExitCode}); its log {logFile} ends:", node.Tail());
            }
            return (node, endpoint);
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new CliFailure(ExitCodes.Failed, $"the node did not start within {timeout.TotalSeconds:0} s; its log {logFile} ends:", node.Tail());
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the node to stop (closes its input) and waits for it; kills it after <see cref="StopTimeout"/>. Returns whether it stopped in order.</summary>
    public async Task<bool> StopAsync()
    {
        if (_process.HasExited) return true;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        using var deadline = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        lock (_tail)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void Line(string? line, bool fromStdout)
    {
        if (line is null) return;
        if (fromStdout && line.StartsWith("{\"ready\"", StringComparison.Ordinal))
        {
            var (endpoint, dashboard) = Ready(line);
            DashboardLink = dashboard;
            if (endpoint is not null) _ready.TrySetResult(endpoint);
            else _ready.TrySetException(new CliFailure(ExitCodes.Failed, $"the node started without a command endpoint to drive it by; see its log {LogFile}"));
            return;
        }
        lock (_tail)
        {
            if (_closed) return;
            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > 12) _tail.Dequeue();
        }
    }

    private List<string> Tail()
    {
        lock (_tail) return [.. _tail];
    }

    private static (Uri? Endpoint, string? Dashboard) Ready(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var endpoint = root.TryGetProperty("endpoint", out var url) && url.GetString() is { } text ? new Uri(text) : null;
            var dashboard = root.TryGetProperty("dashboard", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
            return (endpoint, dashboard);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
