using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;
using ModelOpt.Training.Models;
using ModelOpt.Training.Workloads;

namespace ModelOpt.Training;

/// <summary>Registers the workload kinds this assembly provides; the host calls <see cref="Register"/> once at start-up.</summary>
public static class TrainingWorkloads
{
    /// <param name="commandLog">Receives the log lines of every <c>command</c> trial as they arrive (e.g. for live logs); null for none.</param>
    public static void Register(Action<CommandLogLine>? commandLog = null)
    {
        WorkloadRegistry.Register(CommandWorkload.Kind, (_, options) => CommandWorkload.Create(options, commandLog));
        WorkloadRegistry.Register(TorchWorkload.Kind, (spec, options) => TorchWorkload.Create(spec, options, ModelFactory.Build));
    }
}
