using System.CommandLine;
using ModelOpt.Cli.Dashboard;
using ModelOpt.Cli.Palettes;
using ModelOpt.Cli.Run;

namespace ModelOpt.Cli;

/// <summary>The <c>mopt</c> command tree: pbm-shaped palettes against a cluster's command endpoint, and <c>run</c>.</summary>
public static class MoptCommand
{
    public static RootCommand Create(PaletteContext context)
    {
        var root = new RootCommand("""
            mopt: distributed hyperparameter and architecture search

            Usage: mopt [host:port] <palette> <command> [args]
            The host defaults to MOPT_HOST, then the context file a local `mopt run`
            writes ($XDG_CONFIG_HOME/modelopt/context.json), then localhost:9110.
            Exit codes: 0 ok, 1 command failed, 2 usage or bad input, 3 unreachable,
            4 unauthorized. Commands and JSON API: docs/commands.md.

            Examples:
              mopt run examples/branin-random.yaml
              mopt search list
              mopt 10.0.0.5:9110 search submit spec.yaml --watch
              mopt dashboard --journal .mopt/journal.db
            """)
        {
            SearchPalette.Create(context),
            TrialPalette.Create(context),
            WorkerPalette.Create(context),
            ClusterPalette.Create(context),
            RunCommand.Create(context),
            DashboardCommand.Create(context),
            CompletionCommand.Create(context),
        };
        root.Add(context.Json);
        root.Add(context.TokenFile);
        root.Add(context.Journal);
        ExamplesHelpAction.Install(root);
        return root;
    }
}
