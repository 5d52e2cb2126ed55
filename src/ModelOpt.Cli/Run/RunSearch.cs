using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ModelOpt.Cli.Reports;
using ModelOpt.Cli.Views;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Security;
using ModelOpt.Cluster.Workers;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Cli.Client;
using ModelOpt.Node;
using ModelOpt.Node.Dashboard;
using ModelOpt.Node.Endpoint;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Training.Devices;
using Spectre.Console;

namespace ModelOpt.Cli.Run;

/// <summary>
/// Runs one search in this process: validates the spec (every problem printed, exit 2, nothing started), starts an
/// embedded node (coordinator + worker, SQLite journal under <c>--dir</c>), submits or resumes the search, shows the
/// <see cref="LiveView"/> until it ends, then prints and optionally writes the summary. Ctrl+C leaves the search in
/// the journal for <c>--resume</c>. With <c>--report</c>, the search report is written at the end too.
/// </summary>
/// <param name="environment">Where the local endpoint's settings are read (XDG_CONFIG_HOME, MOPT_COMMAND_PORT); the process environment by default.</param>
public sealed class RunSearch(IAnsiConsole console, TextWriter errors, Func<string, string?>? environment = null)
{
    private readonly TextWriter _output = console.Profile.Out.Writer;

    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>auto (GPU slots in their own trial process), thread or process; see <see cref="TrialIsolation"/>.</summary>
    public const string IsolationVariable = "MOPT_TRIAL_ISOLATION";

    public async Task<int> RunAsync(RunRequest request, CancellationToken commandCancelled)
    {
        // Ctrl+C ends the command, not the process: the node must stop in order so the journal stays resumable.
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(commandCancelled);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            return await ExecuteAsync(request, interrupt.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    private async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        SearchSpec spec;
        try
        {
            spec = SpecParser.ParseFile(request.Spec.FullName);
        }
        catch (SpecException e)
        {
            foreach (var error in e.Errors) errors.WriteLine($"error: {error}");
            return BadInput;
        }
        if (request.Slots is < 1)
        {
            errors.WriteLine($"error: --slots must be at least 1, got {request.Slots}");
            return BadInput;
        }
        TrialIsolation isolation;
        try
        {
            isolation = (environment ?? Environment.GetEnvironmentVariable)(IsolationVariable) is { Length: > 0 } value
                ? TrialIsolationOptions.Parse(value, IsolationVariable)
                : TrialIsolation.Auto;
        }
        catch (ArgumentException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return BadInput;
        }

        var options = new NodeOptions
        {
            // Nothing else is meant to join this node: loopback only, and mutual TLS with a CA that exists only in this process.
            Hostname = "127.0.0.1",
            Port = 0,
            Tls = ClusterTls.InMemory(),
            Slots = request.Slots ?? spec.Budget.MaxConcurrent,
            // On a GPU machine the search's concurrency shares the GPUs instead of running one trial at a time.
            TrialsPerGpu = request.Slots ?? spec.Budget.MaxConcurrent,
            TrialIsolation = isolation,
            Journal = Path.Combine(request.Dir.FullName, "journal.db"),
            Checkpoints = Path.Combine(request.Dir.FullName, "checkpoints"),
            LogLevel = LogLevel.Error,
            OtlpEndpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } otlp ? otlp : null,
            Endpoint = LocalContext.EndpointOptions(environment ?? Environment.GetEnvironmentVariable),
        };
        var clock = Stopwatch.StartNew();
        try
        {
            using var host = NodeHost.Build(options, configureServices: s => s.AddSingleton<IHostLifetime, EmbeddedLifetime>());
            await host.StartAsync(cancellationToken);
            if (options.Endpoint is { } endpoint)
            {
                var address = host.Services.GetRequiredService<EndpointAddress>();
                LocalContext.Publish(address, endpoint, options.Journal!, environment ?? Environment.GetEnvironmentVariable);
                if (address.Url is { } url)
                    _output.WriteLine($"dashboard: {host.Services.GetRequiredService<DashboardServer>().SignInLink(url, Access.Full)} (a one-time sign-in link)");
            }
            try
            {
                return await RunOnAsync(host.Services.GetRequiredService<SearchCommands>(), spec, request, options, clock, cancellationToken);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            errors.WriteLine("interrupted before the search started");
            return Interrupted;
        }
        catch (Exception e)
        {
            errors.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    private async Task<int> RunOnAsync(SearchCommands commands, SearchSpec spec, RunRequest request, NodeOptions options, Stopwatch clock, CancellationToken cancellationToken)
    {
        string searchId;
        if (request.Resume is { } resumeId)
        {
            var resumed = await commands.ResumeAsync(resumeId, cancellationToken);
            if (resumed is null)
            {
                errors.WriteLine($"error: --resume: no search '{resumeId}' in {options.Journal}");
                return BadInput;
            }
            searchId = resumeId;
            _output.WriteLine($"resuming {searchId}: {resumed.Done} of {resumed.MaxTrials} trials already done");
        }
        else
        {
            var submitted = await commands.SubmitAsync(spec.Source, cancellationToken: cancellationToken);
            if (!submitted.Accepted)
            {
                foreach (var error in submitted.Errors) errors.WriteLine($"error: {error}");
                return BadInput;
            }
            searchId = submitted.SearchId;
            _output.WriteLine($"search {searchId}: {spec.Budget.MaxTrials} trials, {spec.Budget.MaxConcurrent} at a time on {Slots(options)}; journal {options.Journal}");
        }

        var last = await LiveView.WatchAsync(Poll(commands, searchId, cancellationToken), console, cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            errors.WriteLine($"interrupted; continue with: mopt run {request.Spec} --dir {request.Dir} --resume {searchId}");
            return Interrupted;
        }
        var snapshot = last ?? throw new InvalidOperationException($"search '{searchId}' disappeared");

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

    private static async IAsyncEnumerable<SearchInfo> Poll(SearchCommands commands, string searchId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (await commands.GetAsync(searchId, ct) is { } search)
        {
            yield return search;
            if (!search.IsRunning) yield break;
            await Task.Delay(PollInterval, ct);
        }
    }

    private static string Slots(NodeOptions options)
    {
        var devices = WorkerDevices.Resolve(options.Slots, options.Gpus, CudaDevices.Count, options.TrialsPerGpu);
        return $"{devices.Count} slot(s) ({string.Join(", ", devices)})";
    }
}
