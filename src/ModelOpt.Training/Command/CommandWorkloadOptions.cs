using System.Globalization;
using ModelOpt.Search;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Command;

/// <summary>
/// The options of a <c>command</c> workload (<c>workload.options</c> in a spec). The trial's wall-time limit is the
/// cluster's business (<c>trial.timeout</c>), not an option here.
/// </summary>
/// <param name="Command">Program and arguments, passed as they are (no shell parsing); with <paramref name="Shell"/> a single script for <c>/bin/sh -c</c>.</param>
/// <param name="WorkingDir">The process's working directory; null for the worker's.</param>
/// <param name="Environment">Extra environment variables, on top of the worker's.</param>
/// <param name="MetricsPrefix">When set, only stdout lines starting with it are read as metrics (the prefix is cut off first).</param>
/// <param name="StderrTailLines">How many of the last stderr lines a crash report quotes.</param>
/// <param name="KillGrace">How long the process group has between SIGTERM and SIGKILL when a trial is stopped.</param>
/// <param name="LogDir">Where each attempt's config file and logs go: <c>LogDir/searchId/trialId/attempt-N</c>.</param>
/// <param name="MaxLogBytes">Bytes of output an attempt's logs keep (stdout and stderr together); later output is read, not kept.</param>
public sealed record CommandWorkloadOptions(
    IReadOnlyList<string> Command,
    bool Shell,
    string? WorkingDir,
    IReadOnlyDictionary<string, string> Environment,
    string? MetricsPrefix,
    int StderrTailLines,
    TimeSpan KillGrace,
    string LogDir,
    long MaxLogBytes = CommandWorkloadOptions.DefaultMaxLogBytes)
{
    public const long DefaultMaxLogBytes = 10 * 1024 * 1024;

    public static string DefaultLogDir => CommandLogDirectory.Default;

    /// <summary>Reads and validates the options; problems are recorded on <paramref name="options"/> with their paths.</summary>
    public static CommandWorkloadOptions Read(AlgorithmOptions options)
    {
        var shell = options.Bool("shell", false);
        var command = ReadCommand(options, shell);
        var workingDir = options.OptionalString("workingDir");
        var environment = ReadEnvironment(options);
        var prefix = options.OptionalString("metricsPrefix");
        if (prefix is { Length: 0 }) options.AddError("metricsPrefix", "must not be empty; leave it out to read every line");
        var tail = options.Int("stderrTailLines", 50, min: 0, max: 10_000);
        var grace = options.Double("killGraceSeconds", 2, min: 0, max: 300);
        var logDir = options.String(CommandLogDirectory.Option, DefaultLogDir);
        var maxLogBytes = options.Int("maxLogBytes", (int)DefaultMaxLogBytes, min: 0, max: int.MaxValue);
        options.RejectUnknown();
        return new CommandWorkloadOptions(command, shell, workingDir, environment, prefix, tail, TimeSpan.FromSeconds(grace), logDir, maxLogBytes);
    }

    private static IReadOnlyList<string> ReadCommand(AlgorithmOptions options, bool shell)
    {
        if (!options.Has("command"))
        {
            options.AddError("command", "is required: the program and its arguments, e.g. [python3, train.py]");
            return [];
        }
        var list = options.List("command");
        if (list is null) return [];
        var parts = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is string { Length: > 0 } s) parts.Add(s);
            else options.AddError($"command[{i}]", $"must be a non-empty string, got '{list[i]}'");
        }
        if (list.Count == 0) options.AddError("command", "must name a program");
        if (shell && list.Count > 1)
            options.AddError("command", "with shell: true, command is one string, the script that /bin/sh -c runs");
        return parts;
    }

    private static IReadOnlyDictionary<string, string> ReadEnvironment(AlgorithmOptions options)
    {
        var map = options.Map("env");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null) return environment;
        foreach (var (name, value) in map)
        {
            if (name.Length == 0 || name.Contains('=')) { options.AddError($"env.{name}", "is not a valid variable name"); continue; }
            switch (value)
            {
                case string s: environment[name] = s; break;
                case bool b: environment[name] = b ? "true" : "false"; break;
                case long or int or double: environment[name] = Convert.ToString(value, CultureInfo.InvariantCulture)!; break;
                default: options.AddError($"env.{name}", $"must be a string, number or boolean, got '{value}'"); break;
            }
        }
        return environment;
    }
}
