using System.CommandLine;
using ModelOpt.Cli.Output;
using ModelOpt.Cli.Reports;
using ModelOpt.Cli.Run;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Search;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Specs;
using Spectre.Console;

namespace ModelOpt.Cli.Palettes;

/// <summary><c>mopt search check|submit|list|show|watch|stop|resume|best|report</c>, and <c>ask|report|tell</c> for external trials.</summary>
public static class SearchPalette
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    /// <summary>With <c>--json</c> a watch prints only the final snapshot, so its output parses as one document.</summary>
    private static readonly IAnsiConsole Silent = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(TextWriter.Null),
    });

    public static Command Create(PaletteContext context) => new ExampleCommand("search", "submit, list, watch and steer searches on a cluster",
        "mopt search check examples/mnist-demo.yaml",
        "mopt search submit examples/branin-random.yaml",
        "mopt localhost:9110 search list",
        "mopt search watch branin-random-1a2b3c4d")
    {
        Check(context), Submit(context), List(context), Show(context), Watch(context), Stop(context), Resume(context), Best(context), Report(context), Export(context),
        Archive(context), Delete(context), AskTellCommands.Ask(context), AskTellCommands.Tell(context),
    };

    /// <summary>Validates a spec here, with no node involved, and says what would run it: the searcher (for auto, its choice and why) and the scheduler.</summary>
    private static Command Check(PaletteContext context)
    {
        var spec = new Argument<FileInfo>("spec") { Description = "the search spec (YAML or JSON)" };
        var command = new ExampleCommand("check", "validate a spec without submitting it; says which searcher will run it and why", "mopt search check examples/mnist-demo.yaml")
        {
            spec,
        };
        command.SetAction(result =>
        {
            var file = result.GetValue(spec)!;
            var json = result.GetValue(context.Json);
            SearchSpec parsed;
            try { parsed = SpecParser.ParseFile(file.FullName, context.Catalog); }
            catch (SpecException e)
            {
                if (json) context.WriteJson(new { Valid = false, Errors = e.Errors.Select(x => x.ToString()).ToList() });
                else foreach (var error in e.Errors) context.Io.Error.WriteLine($"error: {error}");
                return ExitCodes.Usage;
            }
            var searcher = SearcherDescription.Of(parsed);
            if (json)
            {
                context.WriteJson(new { Valid = true, parsed.Name, Parameters = parsed.Space.Parameters.Count, parsed.Budget.MaxTrials, Searcher = searcher, Scheduler = parsed.Scheduler.Type });
                return ExitCodes.Ok;
            }
            context.Io.Out.WriteLine($"valid: {parsed.Name}, {parsed.Space.Parameters.Count} parameters, {parsed.Budget.MaxTrials} trials, {parsed.Budget.MaxConcurrent} at a time");
            context.Io.Out.WriteLine($"searcher: {searcher}");
            context.Io.Out.WriteLine($"scheduler: {parsed.Scheduler.Type}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Submit(PaletteContext context)
    {
        var spec = new Argument<FileInfo>("spec") { Description = "the search spec (YAML or JSON)" };
        var id = new Option<string?>("--id") { Description = "the search id (default: the spec's name and a random suffix)" };
        var watch = new Option<bool>("--watch") { Description = "then watch it until it ends" };
        var command = new ExampleCommand("submit", "validate a spec and start the search; every problem of a bad spec is listed", "mopt search submit examples/branin-random.yaml --watch")
        {
            spec, id, watch,
        };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var file = result.GetValue(spec)!;
            if (!file.Exists) throw new CliFailure(ExitCodes.Usage, $"spec: no file '{file.FullName}'");
            string text;
            // The spec limits the node applies: an oversized file is refused here, without reading or sending it whole.
            try { text = SpecParser.ReadFile(file.FullName); }
            catch (SpecException e) { throw new CliFailure(ExitCodes.Usage, e.Message); }
            var submitted = await api.SubmitSearchAsync(new SubmitRequest(text, result.GetValue(id)), ct);
            if (!result.GetValue(watch))
            {
                if (json) context.WriteJson(submitted);
                else context.Io.Out.WriteLine($"submitted {submitted.SearchId}; watch it with: mopt search watch {submitted.SearchId}");
                return ExitCodes.Ok;
            }
            if (!json) context.Io.Out.WriteLine($"submitted {submitted.SearchId}");
            return await WatchAsync(context, api, submitted.SearchId, json, ct);
        }, ct));
        return command;
    }

    private static Command List(PaletteContext context)
    {
        var command = new ExampleCommand("list", "every search the cluster knows, oldest first", "mopt search list --json");
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var searches = await api.ListSearchesAsync(ct);
            if (json) context.WriteJson(searches);
            else if (searches.Count == 0) context.Io.Out.WriteLine("no searches yet; start one with: mopt search submit <spec>");
            else context.Io.Console.Write(Tables.Searches(searches));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show(PaletteContext context) => ForSearch(context, "show", "a search's status, budget, best trial and trials", "mopt search show branin-random-1a2b3c4d",
        async (_, api, id, json, ct) =>
        {
            var search = await api.GetSearchAsync(id, ct);
            if (json) context.WriteJson(search);
            else
            {
                context.Io.Console.Write(Tables.Search(search));
                if (search.Trials.Count > 0) context.Io.Console.Write(Tables.Trials(search, search.Trials));
            }
            return ExitCodes.Ok;
        });

    private static Command Watch(PaletteContext context) => ForSearch(context, "watch",
        "follow a search live until it ends (Ctrl+C stops watching, not the search)", "mopt search watch branin-random-1a2b3c4d",
        (_, api, id, json, ct) => WatchAsync(context, api, id, json, ct));

    private static Command Stop(PaletteContext context) => ForSearch(context, "stop", "cancel a search: its running trials stop and free their slots", "mopt search stop branin-random-1a2b3c4d",
        async (_, api, id, json, ct) => Ended(context, await api.StopSearchAsync(id, ct), json));

    private static Command Resume(PaletteContext context)
    {
        var id = new Argument<string>("search") { Description = "the search id (see: mopt search list)" };
        var command = new ExampleCommand("resume",
            "continue a stopped or interrupted search with the rest of its budget; on a journal (--journal, or an ended mopt run's) it runs on a local node like mopt run",
            "mopt search resume branin-random-1a2b3c4d") { id };
        command.SetAction((result, ct) => context.CallAsync(result, async (target, json, ct) =>
        {
            var searchId = result.GetValue(id)!;
            if (target.Journal is not { } journal) return Ended(context, await target.Api.ResumeSearchAsync(searchId, ct), json);
            await target.Api.GetSearchAsync(searchId, ct);
            var io = context.Io;
            var console = json
                ? AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(io.Error) })
                : io.Console;
            // A SQLite journal keeps its checkpoints and the node's log beside it (its path made whole: the node runs
            // in its own folder); a PostgreSQL one uses ./.mopt.
            var file = File.Exists(journal) ? Path.GetFullPath(journal) : null;
            var dir = file is null ? Path.GetFullPath(".mopt") : Path.GetDirectoryName(file)!;
            return await new RunSearch(console, io.Error, context.Catalog, io.Environment).RunAsync(
                new RunRequest(null, null, null, new DirectoryInfo(dir), searchId) { Journal = file ?? journal, JsonOut = json ? io.Out : null }, ct);
        }, ct));
        return command;
    }

    private static Command Archive(PaletteContext context) => ForSearch(context, "archive",
        "compact an ended search: its state becomes one snapshot and its events are deleted; it stays readable", "mopt search archive branin-random-1a2b3c4d",
        async (_, api, id, json, ct) => Cleaned(context, await api.ArchiveSearchAsync(id, ct), json));

    private static Command Delete(PaletteContext context) => ForSearch(context, "delete",
        "delete an ended search from the journal: events, snapshots and listing (stop a running one first)", "mopt search delete branin-random-1a2b3c4d",
        async (_, api, id, json, ct) => Cleaned(context, await api.DeleteSearchAsync(id, ct), json));

    private static int Cleaned(PaletteContext context, CleanupResult cleaned, bool json)
    {
        if (json) context.WriteJson(cleaned);
        else context.Io.Out.WriteLine($"{cleaned.SearchId} {cleaned.Action}: {cleaned.EventsRemoved} journal events removed");
        return ExitCodes.Ok;
    }

    private static Command Best(PaletteContext context) => ForSearch(context, "best", "the best completed trial so far: objective, config, metrics", "mopt search best branin-random-1a2b3c4d --json",
        async (_, api, id, json, ct) =>
        {
            var search = await api.GetSearchAsync(id, ct);
            if (search.Best is not { } best) throw new CliFailure(ExitCodes.Failed, $"search '{id}' has no completed trial yet ({CommandJson.Name(search.Status)})");
            if (json) context.WriteJson(best);
            else context.Io.Console.Write(Tables.Trial(search, best));
            return ExitCodes.Ok;
        });

    /// <summary>
    /// Two reports share the verb: of a search (<c>report &lt;search&gt;</c>: HTML, Markdown and plots) and of an
    /// external trial's epoch (<c>report &lt;search&gt;/&lt;trial&gt; --attempt N --epoch E name=value…</c>).
    /// </summary>
    private static Command Report(PaletteContext context)
    {
        var target = new Argument<string>("target") { Description = "a search id (HTML report), or <search>/<trial> (an external trial's epoch metrics)" };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "where to write report.html, report.md and the plots (default: ./report-<search>)" };
        var attempt = AskTellCommands.AttemptOption();
        var epoch = new Option<int?>("--epoch") { Description = "the epoch the metrics are for (1 to the search's maxEpochsPerTrial)" };
        var seconds = new Option<double>("--seconds") { Description = "how long the epoch took (shown in the trial's curve)" };
        var metrics = AskTellCommands.MetricsArgument("an external trial's epoch metrics, e.g. loss=0.31 accuracy=0.9");
        var command = new ExampleCommand("report", "write a search's HTML and Markdown report with plots; or report an external trial's epoch (prints continue or stop: reason)",
            "mopt search report branin-random-1a2b3c4d --out reports/branin",
            "mopt search report quadratic-1a2b3c4d/t0003 --attempt 1 --epoch 2 loss=0.31")
        {
            target, outDir, attempt, epoch, seconds, metrics,
        };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var name = result.GetValue(target)!;
            if (name.Contains('/'))
                return await AskTellCommands.ReportEpochAsync(context, api, TrialRef.Parse(name), result.GetValue(attempt), result.GetValue(epoch),
                    result.GetValue(seconds), result.GetValue(metrics) ?? [], json, ct);
            if (result.GetValue(epoch) is not null || result.GetValue(metrics) is { Length: > 0 })
                throw new CliFailure(ExitCodes.Usage, $"target: an epoch report names a trial as <search>/<trial>, got '{name}'");
            var search = await api.GetSearchAsync(name, ct);
            var outTarget = result.GetValue(outDir)?.FullName ?? Path.GetFullPath($"report-{name}");
            var spec = SpecParser.ParseAccepted((await api.GetSearchSpecAsync(name, ct)).Spec, context.Catalog);
            var files = SearchReport.Write(search, outTarget, spec.Space);
            if (json) context.WriteJson(files);
            else foreach (var file in files) context.Io.Out.WriteLine(file);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Export(PaletteContext context)
    {
        var format = new Option<ExportFormat>("--format") { Description = "csv (one column per parameter and metric) or jsonl (one trial-row object a line)", DefaultValueFactory = _ => ExportFormat.Csv };
        format.CustomParser = result => result.Tokens is [{ Value: var text }] && Enum.TryParse<ExportFormat>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _)
            ? parsed
            : Invalid(result, $"--format: expected csv or jsonl, got '{(result.Tokens.Count > 0 ? result.Tokens[0].Value : "")}'");
        var outFile = new Option<FileInfo?>("--out") { Description = "write to this file (replaced only once complete) instead of stdout" };
        return ForSearch(context, "export", "every trial as a table (CSV or JSON Lines), streamed", "mopt search export branin-random-1a2b3c4d --format csv --out trials.csv",
            async (result, api, id, _, ct) =>
            {
                var chosen = result.GetValue(format);
                if (result.GetValue(outFile) is not { } file)
                {
                    await using var stdout = context.Io.OpenOutput();
                    await api.ExportSearchAsync(id, chosen, stdout, ct);
                    return ExitCodes.Ok;
                }
                var partial = file.FullName + $".{Environment.ProcessId}.partial";
                try
                {
                    await using (var stream = File.Create(partial)) await api.ExportSearchAsync(id, chosen, stream, ct);
                    File.Move(partial, file.FullName, overwrite: true);
                }
                finally
                {
                    File.Delete(partial);
                }
                context.Io.Error.WriteLine($"wrote {file.FullName}");
                return ExitCodes.Ok;
            }, format, outFile);
    }

    private static ExportFormat Invalid(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }

    private static async Task<int> WatchAsync(PaletteContext context, ICommandApi api, string id, bool json, CancellationToken ct)
    {
        await api.GetSearchAsync(id, ct);
        var last = await LiveView.WatchAsync(api.WatchSearchAsync(id, WatchInterval, cancellationToken: ct), json ? Silent : context.Io.Console, ct);
        if (ct.IsCancellationRequested || last is null) return ExitCodes.Failed;
        // The JSON answer is the whole search, which the live view of a large search did not fetch.
        if (json) context.WriteJson(last.IsPartial ? await api.GetSearchAsync(id, CancellationToken.None) : last);
        else context.Io.Out.WriteLine($"{id} {CommandJson.Name(last.Status)}{(last.Reason is null ? "" : $": {last.Reason}")}; best: {(last.Best is { } b ? $"{b.TrialId} ({last.Metric} = {TrialText.Number(b.Objective)})" : "none")}");
        return last.Status == SearchStatus.Finished ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static int Ended(PaletteContext context, SearchInfo search, bool json)
    {
        if (json) context.WriteJson(search);
        else context.Io.Out.WriteLine($"{search.SearchId} is {CommandJson.Name(search.Status)}{(search.Reason is null ? "" : $": {search.Reason}")}");
        return ExitCodes.Ok;
    }

    private static Command ForSearch(PaletteContext context, string name, string description, string example,
        Func<ParseResult, ICommandApi, string, bool, CancellationToken, Task<int>> run, params Option[] options)
    {
        var id = new Argument<string>("search") { Description = "the search id (see: mopt search list)" };
        var command = new ExampleCommand(name, description, example) { id };
        foreach (var option in options) command.Add(option);
        command.SetAction((result, ct) => context.CallAsync(result, (api, json, ct) => run(result, api, result.GetValue(id)!, json, ct), ct));
        return command;
    }
}
