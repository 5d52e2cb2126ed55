using ModelOpt.Search;
using ModelOpt.Training.Command;
using ModelOpt.Training.Models;
using ModelOpt.Training.Workloads;

namespace ModelOpt.Training;

/// <summary>The workload kinds this assembly provides (<c>command</c>, <c>torch</c>), added to a host's catalog.</summary>
public static class TrainingCatalog
{
    /// <summary>
    /// The search assembly's kinds and this one's: what a node (and its trial processes) and mopt's spec checks know
    /// unless a host is given others. Building it loads no libtorch.
    /// </summary>
    public static SearchCatalog Default { get; } = AddTo(SearchCatalog.BuiltIn);

    /// <summary><paramref name="catalog"/> with this assembly's workload kinds; building the catalog loads no libtorch.</summary>
    /// <param name="commandLog">Receives the log lines of every <c>command</c> trial as they arrive (e.g. for live logs); null for none.</param>
    public static SearchCatalog AddTo(SearchCatalog catalog, Action<CommandLogLine>? commandLog = null) => catalog
        .WithWorkload(CommandWorkload.Kind, (_, options) => CommandWorkload.Create(options, commandLog))
        .WithWorkload(TorchWorkload.Kind, (spec, options) => TorchWorkload.Create(spec, options, ModelFactory.Build));
}
