using System.CommandLine;
using ModelOpt.Cli.Run;

namespace ModelOpt.Cli;

/// <summary>The <c>mopt</c> command tree.</summary>
public static class MoptCommand
{
    public static RootCommand Create() => new("mopt: distributed hyperparameter and architecture search")
    {
        RunCommand.Create(),
    };
}
