using ModelOpt.Search.Specs;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// Where the command workload (in the training assembly) writes each attempt's config and logs:
/// <c>logDir/search/trial/attempt-N</c>. Kept here so that whatever serves those files — a worker node, or mopt
/// reading a journal on the machine that ran the trials — finds them without the training assembly.
/// </summary>
public static class CommandLogDirectory
{
    public const string WorkloadKind = "command";
    public const string Option = "logDir";

    public static string Default => Path.Combine(Path.GetTempPath(), "mopt-command");

    /// <summary>The log directory of a command workload; null for other workloads.</summary>
    public static string? Of(WorkloadSpec workload) =>
        workload.Kind != WorkloadKind ? null : workload.Options.GetValueOrDefault(Option) as string ?? Default;
}
