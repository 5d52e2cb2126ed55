using System.Collections.Concurrent;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;

namespace ModelOpt.Training.Tests.Command;

/// <summary>A temp directory for scripts and logs, and helpers to run a <c>/bin/sh</c> script as a command trial.</summary>
public sealed class CommandTestBed : IDisposable
{
    public CommandTestBed()
    {
        Root = Directory.CreateTempSubdirectory("mopt-command-test-").FullName;
    }

    public string Root { get; }
    public string LogDir => Path.Combine(Root, "logs");
    public ConcurrentQueue<CommandLogLine> LogLines { get; } = new();

    /// <summary>Writes an executable sh script and returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows()) // these tests run sh scripts, so they run on Unix only
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A workload built through the spec options reader, as the registry builds it.</summary>
    public CommandWorkload Workload(IReadOnlyList<string> command, params (string Key, object? Value)[] extra) =>
        Workload(command, LogLines.Enqueue, extra);

    public CommandWorkload Workload(IReadOnlyList<string> command, Action<CommandLogLine> logSink, params (string Key, object? Value)[] extra)
    {
        var values = new Dictionary<string, object?>
        {
            ["command"] = command.Cast<object?>().ToList(),
            ["logDir"] = LogDir,
            ["killGraceSeconds"] = 0.5,
        };
        foreach (var (key, value) in extra) values[key] = value;
        var options = new AlgorithmOptions("workload", values);
        var workload = CommandWorkload.Create(options, logSink);
        options.ThrowIfInvalid();
        return workload;
    }

    public static TrialContext Context(string trialId = "t1", int maxEpochs = 3, string device = "cpu", string? checkpointDir = null) =>
        new("search-a", trialId, new Config([
                new("lr", ParameterValue.Float(0.01)),
                new("layers", ParameterValue.Int(3)),
                new("act", ParameterValue.String("relu")),
                new("bn", ParameterValue.Bool(true)),
            ]),
            maxEpochs, Seed: 42, Device: device, Threads: 2, CheckpointDir: checkpointDir);

    public IEnumerable<string> Lines(CommandLogStream stream) => LogLines.Where(l => l.Stream == stream).Select(l => l.Text);

    /// <summary>The value of the first stdout log line "name value".</summary>
    public int PidFromLog(string name) =>
        int.Parse(Lines(CommandLogStream.Stdout).First(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..]);

    /// <summary>Whether the process is gone (a zombie waiting for its reaper counts as gone: it no longer runs).</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException) { return true; }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test if it does not within <paramref name="timeout"/>.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        if (!SpinWait.SpinUntil(condition, timeout))
            throw new TimeoutException($"not true within {timeout.TotalSeconds} s: {what}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
