using System.ComponentModel;
using System.Runtime.ExceptionServices;
using ModelOpt.Search;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Command;

/// <summary>
/// "Bring your own trainer": each trial runs a command as a process of its own (its own process group). The trial is
/// handed over as a JSON file whose path is in <c>MOPT_TRIAL_CONFIG</c>; the process prints JSON lines with its
/// metrics on stdout, each read and reported as it arrives. Stopping the trial (cancellation) terminates the whole
/// process group. The protocol is described in docs/command-workload.md.
/// </summary>
/// <param name="logSink">Receives every log line as it arrives (from two threads: stdout and stderr); null for none.
/// The lines are also written to the attempt's log files, whose paths come back in the result's artifacts.</param>
public sealed class CommandWorkload(CommandWorkloadOptions options, Action<CommandLogLine>? logSink = null) : ITrialWorkload
{
    public const string Kind = CommandLogDirectory.WorkloadKind;
    private static readonly TimeSpan DrainAfterStop = TimeSpan.FromSeconds(1);

    public CommandWorkloadOptions Options => options;

    /// <summary>Builds the workload from a spec's options block; problems are recorded on <paramref name="spec"/>.</summary>
    public static CommandWorkload Create(AlgorithmOptions spec, Action<CommandLogLine>? logSink = null) =>
        new(CommandWorkloadOptions.Read(spec), logSink);

    public async Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var workingDir = ResolveWorkingDir();
        var run = TrialRunDirectory.Create(options.LogDir, context);
        TrialConfigFile.Write(run.ConfigFile, context);
        if (context.CheckpointDir is not null) Directory.CreateDirectory(context.CheckpointDir);
        var environment = TrialEnvironment.Build(context, options.Environment, run.ConfigFile);
        var (program, arguments) = ResolveCommand(workingDir, environment.GetValueOrDefault("PATH"));

        await using var log = new AttemptLog(run, context.TrialId, options.MaxLogBytes, logSink);
        var stderrTail = new LineTail(options.StderrTailLines);
        void Log(CommandLogStream stream, string text) => log.Write(stream, text);

        using var process = Start(program, arguments, workingDir, environment);
        using var stopReading = new CancellationTokenSource();
        var gate = new object();
        Task? termination = null;
        void Stop()
        {
            lock (gate) termination ??= process.TerminateAsync(options.KillGrace);
        }
        // A stopped or failed trial stops reading soon after its group is gone, even if a process that left the
        // group still holds the pipes; a trial that ends normally is read to the end.
        void Abort()
        {
            Stop();
            stopReading.CancelAfter(options.KillGrace + DrainAfterStop);
        }

        var stdout = new StdoutReader(context, options.MetricsPrefix, report, Log, Abort);
        var stdoutDone = Task.Run(() => stdout.ReadToEndAsync(new OutputLineReader(process.StandardOutput), stopReading.Token), CancellationToken.None);
        var stderrDone = Task.Run(() => ReadStderrAsync(new OutputLineReader(process.StandardError), stderrTail, Log, Abort, stopReading.Token), CancellationToken.None);
        using (cancellationToken.Register(Abort))
        {
            await process.WaitForExitAsync();
            // Children left behind would hold the pipes open and outlive the trial: clear out the group.
            Stop();
            await termination!;
            try { await Task.WhenAll(stdoutDone, stderrDone); }
            catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
            {
                Log(CommandLogStream.Warning, "stopped reading the output: it stayed open after the process group was killed");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (stdout.Failure is not null) ExceptionDispatchInfo.Throw(stdout.Failure);
        // A process stopped for running past its epoch budget exits on the signal; it still completed its budget.
        if (process.ExitCode != 0 && !stdout.BudgetSpent)
            throw new TrialFailedException(FailureKind.Crash, DescribeCrash(process.ExitCode, stderrTail.Lines, run));

        var artifacts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["config"] = run.ConfigFile,
            ["stdout"] = run.StdoutLog,
            ["stderr"] = run.StderrLog,
        };
        var metrics = stdout.FinalMetrics ?? stdout.LastEpochMetrics ?? new Dictionary<string, double>();
        return new TrialResult(metrics, artifacts);
    }

    private string ResolveWorkingDir()
    {
        var dir = Path.GetFullPath(options.WorkingDir ?? Directory.GetCurrentDirectory());
        if (!Directory.Exists(dir))
            throw new TrialFailedException(FailureKind.BadConfig, $"workload.options.workingDir: directory '{dir}' does not exist");
        return dir;
    }

    private (string Program, IReadOnlyList<string> Arguments) ResolveCommand(string workingDir, string? searchPath)
    {
        var (name, arguments) = options.Shell
            ? ("/bin/sh", (IReadOnlyList<string>)["-c", options.Command[0]])
            : (options.Command[0], options.Command.Skip(1).ToList());
        var program = ExecutableResolver.Resolve(name, workingDir, searchPath);
        if (program is not null) return (program, arguments);
        var where = name.Contains('/')
            ? $"'{Path.GetFullPath(name, workingDir)}' does not exist or is not executable"
            : $"'{name}' was not found on PATH ({searchPath})";
        throw new TrialFailedException(FailureKind.BadConfig, $"workload.options.command: program {where}");
    }

    private static TrialProcess Start(string program, IReadOnlyList<string> arguments, string workingDir, IReadOnlyDictionary<string, string?> environment)
    {
        try
        {
            return TrialProcess.Start(program, arguments, workingDir, environment);
        }
        catch (Win32Exception e)
        {
            throw new TrialFailedException(FailureKind.BadConfig, $"workload.options.command: could not start '{program}': {e.Message}", e);
        }
    }

    /// <summary>Keeps the tail and logs each line; if logging fails the trial is stopped (an unread pipe would block it).</summary>
    private static async Task ReadStderrAsync(OutputLineReader stderr, LineTail tail, Action<CommandLogStream, string> log, Action abort, CancellationToken stopReading)
    {
        try
        {
            while (await stderr.ReadLineAsync(stopReading) is { } line)
            {
                tail.Add(line.Text);
                log(CommandLogStream.Stderr, line.Text);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            abort();
            throw;
        }
    }

    private static string DescribeCrash(int exitCode, IReadOnlyList<string> stderrTail, TrialRunDirectory run) =>
        $"{ProcessExits.Describe(exitCode, stderrTail)}{Environment.NewLine}(logs: {run.Path})";
}
