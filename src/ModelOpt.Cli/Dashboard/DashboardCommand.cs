using System.CommandLine;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Palettes;
using ModelOpt.Cli.Run;

namespace ModelOpt.Cli.Dashboard;

/// <summary>
/// <c>mopt dashboard --journal J</c>: the web dashboard over a journal, read-only, with no cluster (a finished local
/// run, a backup, or a live cluster's journal), served by a ModelOpt.Node mopt starts (<see cref="JournalDashboard"/>);
/// without <c>--journal</c>, where the current cluster's dashboard is.
/// </summary>
public static class DashboardCommand
{
    public static Command Create(PaletteContext context)
    {
        var port = new Option<int>("--port") { Description = "serve on this port (default: a free one, printed)", DefaultValueFactory = _ => 0 };
        var bind = new Option<string>("--bind") { Description = "the address to listen on (default 127.0.0.1: this machine only)", DefaultValueFactory = _ => "127.0.0.1" };
        var node = new Option<string?>("--node") { Description = $"with --journal: the ModelOpt.Node program (or its .dll or folder) that serves it (default: {NodeProgram.EnvironmentVariable}, beside mopt, the install folder, then PATH)" };
        var command = new Command("dashboard", "open the web dashboard: over a journal (--journal, read-only, no cluster needed), or say where the cluster's is")
        {
            port, bind, node,
        };
        command.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(context.Journal) is { } journal)
                return new JournalDashboard(context.Io).RunAsync(journal, result.GetValue(port), result.GetValue(bind)!, result.GetValue(node), cancellationToken);
            var connection = Connection.Resolve(context.Host, result.GetValue(context.TokenFile), context.Io.Environment);
            context.Io.Out.WriteLine($"dashboard: {new Uri(connection.BaseAddress, "/dashboard/")} (sign in with a token of that endpoint; a local mopt run prints a one-time sign-in link)");
            return Task.FromResult(0);
        });
        return command;
    }
}
