using System.Globalization;
using System.Security.Cryptography;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Run;
using ModelOpt.Cluster.Journal;

namespace ModelOpt.Cli.Dashboard;

/// <summary>
/// Serves the dashboard over a journal, read-only, as <c>mopt run</c> runs a search: in a separate ModelOpt.Node it
/// starts and owns (<c>ModelOpt.Node dashboard</c>, the same endpoint and page as a coordinator's with nothing that can
/// change a search). It prints the node's one-time read-only sign-in link; the local token
/// (<c>~/.config/modelopt/token</c>) signs in too, read-only. Ctrl+C or SIGTERM stop the node and end with 0.
/// </summary>
public sealed class JournalDashboard(CliIo io)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(string journal, int port, string bind, string? node, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535) throw new CliFailure(ExitCodes.Usage, $"--port: expected a port from 0 to 65535, got {port}");
        JournalConnection connection;
        try
        {
            // Checked here for one clear error before a node starts; the node opens it again.
            connection = JournalConnection.For(journal);
            await using var opened = await connection.OpenAsync(cancellationToken);
        }
        catch (JournalException e)
        {
            throw new CliFailure(ExitCodes.Usage, e.Message);
        }
        var program = NodeProgram.Find(node, io.Environment);
        List<string> arguments =
        [
            JournalDashboardVerb, "--command-port", port.ToString(CultureInfo.InvariantCulture), "--command-bind", bind,
            "--print-ready", "true", "--stop-on-stdin-close", "true",
        ];
        if (LocalTokenFile() is { } tokenFile) arguments.AddRange(["--readonly-token-file", tokenFile]);
        var start = program.StartInfo(arguments);
        // The node's own full-access token is one nobody is shown; the journal goes by environment, so a PostgreSQL
        // connection string's password stays out of process lists (and a SQLite path is made whole: the node runs elsewhere).
        LocalContext.PrepareEnvironment(start.Environment, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        start.Environment["MOPT_JOURNAL"] = connection.File ?? journal;

        using var signals = new StopSignals(cancellationToken);
        var stop = signals.Token;

        var log = Path.Combine(Path.GetTempPath(), $"mopt-dashboard-{Environment.ProcessId}.log");
        LocalNode dashboard;
        try
        {
            (dashboard, _) = await LocalNode.StartAsync(start, log, StartTimeout, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        await using (dashboard)
        {
            io.Out.WriteLine($"dashboard for the journal {connection.Description} (read-only): {dashboard.DashboardLink}");
            io.Out.WriteLine("that link signs one browser in once; Ctrl+C stops the dashboard");
            try
            {
                var exit = await dashboard.ExitedAsync(stop);
                throw new CliFailure(ExitCodes.Failed, $"the dashboard's node stopped by itself (exit {exit}); its log {log} ends:", dashboard.LastLines);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            if (!await dashboard.StopAsync())
                throw new CliFailure(ExitCodes.Failed, $"the dashboard's node did not stop within {LocalNode.StopTimeout.TotalSeconds:0} s and was killed; see {log}");
        }
        File.Delete(log);
        return 0;
    }

    /// <summary><c>ModelOpt.Node dashboard</c> (the node's JournalDashboardHost.Verb; mopt knows the node only as a program).</summary>
    private const string JournalDashboardVerb = "dashboard";

    private string? LocalTokenFile()
    {
        var file = Path.Combine(ConfigDirectory.Path(io.Environment), LocalToken.FileName);
        return File.Exists(file) && new FileInfo(file).Length > 0 ? file : null;
    }
}
