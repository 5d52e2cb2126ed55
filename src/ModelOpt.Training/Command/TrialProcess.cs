using System.Diagnostics;

namespace ModelOpt.Training.Command;

/// <summary>
/// A trial's process, started as the leader of its own process group (through <c>setsid</c>) so that stopping the
/// trial reaches everything it spawned, background and orphaned children included: SIGTERM to the group, a grace
/// period, then SIGKILL. Where <c>setsid</c> is missing (e.g. Windows) it falls back to killing the process tree.
/// </summary>
public sealed class TrialProcess : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly Process _process;
    private readonly bool _ownGroup;

    private TrialProcess(Process process, bool ownGroup)
    {
        _process = process;
        _ownGroup = ownGroup;
    }

    /// <summary>The process id; with its own group, also the group id.</summary>
    public int Id => _process.Id;

    public bool OwnsProcessGroup => _ownGroup;

    /// <summary>The raw bytes of stdout and stderr: <see cref="OutputLineReader"/> decodes them (UTF-8 only, bounded lines).</summary>
    public Stream StandardOutput => _process.StandardOutput.BaseStream;
    public Stream StandardError => _process.StandardError.BaseStream;
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="program"/> (a resolved full path) with <paramref name="arguments"/>; stdin is closed at
    /// once, stdout and stderr are redirected.
    /// </summary>
    public static TrialProcess Start(string program, IReadOnlyList<string> arguments, string workingDir, IReadOnlyDictionary<string, string?> environment)
    {
        var setsid = OperatingSystem.IsWindows() ? null : ExecutableResolver.Resolve("setsid", workingDir, Environment.GetEnvironmentVariable("PATH"));
        var info = new ProcessStartInfo(setsid ?? program)
        {
            WorkingDirectory = workingDir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (setsid is not null) info.ArgumentList.Add(program);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment.Clear();
        foreach (var (name, value) in environment)
            if (value is not null) info.Environment[name] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        return new TrialProcess(process, setsid is not null);
    }

    public Task WaitForExitAsync() => _process.WaitForExitAsync(CancellationToken.None);

    /// <summary>
    /// Stops the process and everything in its group: SIGTERM, up to <paramref name="grace"/> for the group to empty,
    /// then SIGKILL for whatever is left. Returns once the main process has exited. Safe to call more than once, and
    /// after the main process has exited (it then clears out children left behind).
    /// </summary>
    public async Task TerminateAsync(TimeSpan grace)
    {
        if (!_ownGroup)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await WaitForExitAsync();
            return;
        }
        var groupId = _process.Id;
        // Right after start, setsid may not yet have made the group; then the process itself is signalled.
        if (!PosixSignals.SignalGroup(groupId, PosixSignals.SigTerm) && !_process.HasExited)
            PosixSignals.SignalProcess(groupId, PosixSignals.SigTerm);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < grace && (PosixSignals.GroupHasLiveMembers(groupId) || !_process.HasExited))
            await Task.Delay(PollInterval);
        PosixSignals.SignalGroup(groupId, PosixSignals.SigKill);
        if (!_process.HasExited) PosixSignals.SignalProcess(groupId, PosixSignals.SigKill);
        await WaitForExitAsync();
    }

    public void Dispose() => _process.Dispose();
}
