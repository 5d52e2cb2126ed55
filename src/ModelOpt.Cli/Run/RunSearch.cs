using System.Security.Cryptography;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Reports;
using ModelOpt.Cli.Views;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Journal;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using Spectre.Console;

namespace ModelOpt.Cli.Run;

/// <summary>
/// Runs one search on a local node: validates the spec (every problem printed, exit 2, nothing started), says at once
/// what it starts, starts a separate ModelOpt.Node (coordinator + worker on 127.0.0.1, SQLite journal under
/// <c>--dir</c>, confined to this one search) and drives it over its command endpoint: submits or resumes the search,
/// shows the <see cref="LiveView"/> until it ends, prints and optionally writes the summary and report, then stops
/// the node. SIGINT and SIGTERM stop the node in order and leave the search resumable, with the command to resume it.
/// </summary>
/// <param name="catalog">The kinds the spec may name: it is checked here before the node starts.</param>
/// <param name="environment">Where the local endpoint's settings are read (XDG_CONFIG_HOME, MOPT_COMMAND_PORT, MOPT_NODE); the process environment by default.</param>
public sealed class RunSearch(IAnsiConsole console, TextWriter errors, SearchCatalog catalog, Func<string, string?>? environment = null)
{
    private readonly TextWriter _output = console.Profile.Out.Writer;
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Interrupted = StopSignals.SigintExit;
    public const int Terminated = StopSignals.SigtermExit;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>auto (GPU slots in their own trial process), thread or process; see <see cref="TrialIsolation"/>.</summary>
    public const string IsolationVariable = "MOPT_TRIAL_ISOLATION";

    public async Task<int> RunAsync(RunRequest request, CancellationToken commandCancelled)
    {
        // SIGINT and SIGTERM end the command, not the process: the node must stop in order so the journal stays resumable.
        using var signals = new StopSignals(commandCancelled);
        var exit = await ExecuteAsync(request, signals.Token);
        return exit == Interrupted ? signals.ExitCode : exit;
    }

    private async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var journal = request.Journal ?? Path.Combine(request.Dir.FullName, "journal.db");
        SearchSpec spec;
        try
        {
            spec = request.Spec is { } file ? SpecParser.ParseFile(file.FullName, catalog) : await JournaledSpecAsync(request.Resume!, journal, cancellationToken);
        }
        catch (SpecException e)
        {
            foreach (var error in e.Errors) errors.WriteLine($"error: {error}");
            return BadInput;
        }
        catch (CliFailure e)
        {
            errors.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        if (request.Slots is < 1)
        {
            errors.WriteLine($"error: --slots must be at least 1, got {request.Slots}");
            return BadInput;
        }
        try
        {
            // Checked here, so a bad value is refused before a node starts.
            if (_environment(IsolationVariable) is { Length: > 0 } value) TrialIsolationOptions.Parse(value, IsolationVariable);
        }
        catch (ArgumentException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return BadInput;
        }

        NodeProgram program;
        try
        {
            program = NodeProgram.Find(request.Node, _environment);
        }
        catch (CliFailure e)
        {
            errors.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        var searchId = request.Resume ?? $"{spec.Name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var slots = request.Slots ?? spec.Budget.MaxConcurrent;
        _output.WriteLine($"{(request.Resume is null ? "starting" : "resuming")} {searchId} on a local node ({program.Path}); journal {journal}");

        var token = LocalContext.Token(_environment);
        var arguments = NodeArguments(searchId, slots, journal, Path.Combine(request.Dir.FullName, "checkpoints"));
        var start = program.StartInfo(arguments);
        LocalContext.PrepareEnvironment(start.Environment, token.Value);
        LocalNode? node = null;
        try
        {
            (node, var endpoint) = await LocalNode.StartAsync(start, Path.Combine(request.Dir.FullName, "node.log"), StartTimeout, cancellationToken);
            if (token.File is { } tokenFile) LocalContext.Publish(endpoint, tokenFile, journal, _environment);
            if (node.DashboardLink is { } link) _output.WriteLine($"dashboard: {link} (a one-time sign-in link)");
            using var client = new ModelOptClient(endpoint, token.Value);
            var exit = await RunOnAsync(client, spec, searchId, request, journal, cancellationToken);
            if (exit == Interrupted) errors.WriteLine("interrupted; stopping the local node");
            var inOrder = await node.StopAsync();
            if (!inOrder) errors.WriteLine($"the local node did not stop within {LocalNode.StopTimeout.TotalSeconds:0} s and was killed; see {node.LogFile}");
            if (exit == Interrupted) errors.WriteLine($"search {searchId} is left resumable; continue with: {ResumeCommand(request, searchId)}");
            return exit;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            errors.WriteLine($"interrupted before the search started; nothing was run{(request.Resume is null ? "" : $" ({searchId} is as it was)")}");
            return Interrupted;
        }
        catch (CliFailure e)
        {
            errors.WriteLine($"error: {e.Message}");
            foreach (var detail in e.Details) errors.WriteLine($"  {detail}");
            return e.ExitCode;
        }
        catch (CommandException e) when (cancellationToken.IsCancellationRequested)
        {
            // The node went away under an interrupted run (e.g. it got the terminal's signal itself).
            errors.WriteLine($"interrupted ({e.Error.Message}); continue with: {ResumeCommand(request, searchId)}");
            return Interrupted;
        }
        catch (CommandException e)
        {
            errors.WriteLine($"error: {e.Error.Message}");
            return Failed;
        }
        finally
        {
            if (node is not null) await node.DisposeAsync();
        }
    }

    private async Task<int> RunOnAsync(ICommandApi api, SearchSpec spec, string searchId, RunRequest request, string journal, CancellationToken cancellationToken)
    {
        if (request.Resume is not null)
        {
            SearchInfo resumed;
            try
            {
                resumed = await api.ResumeSearchAsync(searchId, cancellationToken);
            }
            catch (CommandException e) when (e.Code == CommandErrorCodes.NotFound)
            {
                errors.WriteLine($"error: no search '{searchId}' in {journal} to resume");
                return BadInput;
            }
            _output.WriteLine($"resumed {searchId}: {resumed.Done} of {resumed.MaxTrials} trials already done; on {await SlotsAsync(api, cancellationToken)}");
        }
        else
        {
            try
            {
                await api.SubmitSearchAsync(new SubmitRequest(spec.Source, searchId), cancellationToken);
            }
            catch (CommandException e) when (e.Code == CommandErrorCodes.InvalidSpec)
            {
                foreach (var error in e.Error.Errors ?? []) errors.WriteLine($"error: {error}");
                return BadInput;
            }
            _output.WriteLine($"search {searchId}: {spec.Budget.MaxTrials} trials, {spec.Budget.MaxConcurrent} at a time on {await SlotsAsync(api, cancellationToken)}");
        }

        var last = await LiveView.WatchAsync(Poll(api, searchId, cancellationToken), console, cancellationToken);
        if (cancellationToken.IsCancellationRequested) return Interrupted;
        // The summary and the report need every trial, which the live view of a large search did not fetch.
        var snapshot = (last is { IsPartial: true } ? await api.GetSearchAsync(searchId, CancellationToken.None) : last)
                       ?? throw new CliFailure(Failed, $"search '{searchId}' disappeared");

        var summary = RunSummary.Of(snapshot);
        foreach (var line in SummaryText.Lines(summary)) _output.WriteLine(line);
        if (request.Summary is { } file)
        {
            if (file.Directory is { Exists: false } directory) directory.Create();
            await File.WriteAllTextAsync(file.FullName, System.Text.Json.JsonSerializer.Serialize(summary, CommandJson.Indented), CancellationToken.None);
            _output.WriteLine($"summary written to {file.FullName}");
        }
        if (request.Report is { } reportDir)
        {
            SearchReport.Write(snapshot, reportDir.FullName, spec.Space);
            _output.WriteLine($"report written to {Path.Combine(reportDir.FullName, SearchReport.HtmlFile)}");
        }
        request.JsonOut?.WriteLine(System.Text.Json.JsonSerializer.Serialize(summary, CommandJson.Indented));
        return snapshot.Status == SearchStatus.Finished ? Ok : Failed;
    }

    private IEnumerable<string> NodeArguments(string searchId, int slots, string journal, string checkpoints) =>
    [
        "--roles", "coordinator,worker",
        // Nothing else is meant to join this node: loopback only, and mutual TLS with a CA that exists only in its memory.
        "--hostname", "127.0.0.1",
        "--port", "0",
        "--ephemeral-tls", "true",
        "--slots", Text(slots),
        // On a GPU machine the search's concurrency shares the GPUs instead of running one trial at a time.
        "--trials-per-gpu", Text(slots),
        "--journal", journal,
        "--checkpoints", checkpoints,
        "--command-bind", "127.0.0.1",
        "--command-port", Text(LocalContext.CommandPort(_environment)),
        "--only-search", searchId,
        "--log-level", "error",
        // Checked in ExecuteAsync; it reaches the node as an argument, since the node gets no MOPT_ variable.
        .. _environment(IsolationVariable) is { Length: > 0 } isolation ? new[] { "--trial-isolation", isolation } : [],
        "--stop-on-stdin-close", "true",
        "--print-ready", "true",
    ];

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ResumeCommand(RunRequest request, string searchId) =>
        request.Spec is { } spec ? $"mopt run {spec} --dir {request.Dir} --resume {searchId}" : $"mopt --journal {request.Journal} search resume {searchId}";

    /// <summary>The spec a search was submitted with, read from the journal (resuming with no spec file given).</summary>
    private async Task<SearchSpec> JournaledSpecAsync(string searchId, string journal, CancellationToken cancellationToken)
    {
        try
        {
            var state = await new JournalReader(JournalConnection.For(journal), catalog).LoadAsync(searchId, cancellationToken);
            return state?.Spec ?? throw new CliFailure(BadInput, $"--resume: no search '{searchId}' in {journal}");
        }
        catch (JournalException e)
        {
            throw new CliFailure(BadInput, e.Message);
        }
    }

    private static async IAsyncEnumerable<SearchInfo> Poll(ICommandApi api, string searchId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var feed = new LiveSearchFeed(api, searchId);
        while (true)
        {
            var search = await feed.PollAsync(ct);
            yield return search;
            if (!search.IsRunning) yield break;
            await Task.Delay(PollInterval, ct);
        }
    }

    private static async Task<string> SlotsAsync(ICommandApi api, CancellationToken cancellationToken)
    {
        var workers = await api.ListWorkersAsync(cancellationToken);
        return $"{workers.Count} slot(s) ({string.Join(", ", workers.Select(w => w.Device))})";
    }
}
